package io.ebpf4j.perf;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.BpfObject;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.PollLoop;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.RingCalls;
import io.ebpf4j.internal.os.Cpus;
import io.ebpf4j.internal.os.Dup;
import io.ebpf4j.internal.os.EpollSet;
import io.ebpf4j.internal.os.Fd;
import io.ebpf4j.internal.os.PerfEvents;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.map.RawMap;
import io.ebpf4j.ringbuf.EventReader;
import io.ebpf4j.ringbuf.RawRecordHandler;
import io.ebpf4j.ringbuf.ReaderStats;
import io.ebpf4j.ringbuf.RecordDecoder;
import io.ebpf4j.ringbuf.RecordHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a BPF_MAP_TYPE_PERF_EVENT_ARRAY: the transport for kernels without ring buffers (before 5.8).
 * For each online CPU it opens a PERF_COUNT_SW_BPF_OUTPUT event, maps its buffer (one metadata page plus
 * 2^n data pages) and stores the event's fd into the map at the CPU's index, so that
 * {@code bpf_perf_event_output(ctx, &map, BPF_F_CURRENT_CPU, ...)} lands in that buffer. {@link #close()}
 * removes the entries again.
 *
 * <p>Guarantees: samples of one CPU arrive in order; there is no order across CPUs. When a CPU's buffer
 * is full the kernel drops samples and later reports how many (counted in {@link ReaderStats#lost()} and
 * passed to the {@link LostSamplesHandler}). Samples are read in place, except one that wraps around the
 * end of a buffer, which is copied into a 64 KiB per-reader scratch area first.
 *
 * <p>Thread-safety: as {@link io.ebpf4j.ringbuf.RingBufferReader}: one polling thread at a time;
 * {@link #wakeup()}, {@link #close()} and {@link #stats()} from any thread.
 */
public final class PerfBufferReader implements EventReader {
    private static final Logger LOG = LoggerFactory.getLogger(PerfBufferReader.class);
    private static final int SCRATCH = 1 << 16; // perf_event_header.size is a u16

    private final String name;
    private final PerfRing[] rings;
    private final PerfSampleHandler handler;
    private final LostSamplesHandler lostHandler;
    private final MemorySegment scratch;
    private final MemorySegment scratchView;
    private final PollLoop loop;

    private PerfBufferReader(Builder b) {
        this.name = b.name;
        this.handler = b.handler;
        this.lostHandler = b.lostHandler;
        Arena a = Arena.ofShared();
        EpollSet ep = null;
        Fd map = null;
        List<PerfRing> made = new ArrayList<>();
        try {
            String what = "perf event array '" + b.name + "' (reader's fd)";
            map = Dup.owned(Fd.borrowed(b.mapFd.getAsInt(), what), what);
            ep = new EpollSet("perf buffer reader of '" + b.name + "'");
            for (int cpu : b.cpus) {
                if (cpu >= b.maxEntries) {
                    LOG.warn("perf event array '{}' has {} entries: CPU {} gets no buffer, its samples are dropped",
                            b.name, b.maxEntries, cpu);
                    continue;
                }
                Fd event = PerfEvents.openBpfOutput(cpu, b.wakeupEvents);
                try {
                    PerfRing ring = new PerfRing(cpu, event, b.pages, a);
                    ep.add(event.get(), made.size());
                    setEntry(map, cpu, event.get());
                    made.add(ring);
                } catch (RuntimeException e) {
                    event.close();
                    throw e;
                }
            }
            if (made.isEmpty()) {
                throw new BpfException("opening a perf buffer on '" + b.name + "'", "no CPU got a buffer (CPUs "
                        + b.cpus + ", map max_entries " + b.maxEntries + ")");
            }
        } catch (RuntimeException | Error e) {
            for (PerfRing r : made) {
                clearEntry(b.name, map, r.cpu);
                r.fd.close();
            }
            if (ep != null) {
                ep.close();
            }
            if (map != null) {
                map.close();
            }
            a.close();
            throw e;
        }
        this.rings = made.toArray(new PerfRing[0]);
        this.scratch = a.allocate(SCRATCH, 8);
        this.scratchView = scratch.asReadOnly();
        PerfRing[] all = rings;
        String mapName = name;
        Fd ownMap = map;
        this.loop = new PollLoop(this, "perf buffer reader of '" + name + "'", ep, this::drainAll, b.busyPoll,
                () -> release(mapName, ownMap, all, a));
    }

    /** A builder; set the map and a handler. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public int poll(Duration timeout) {
        return loop.poll(timeout);
    }

    @Override
    public int consume() {
        return loop.consume();
    }

    @Override
    public void wakeup() {
        loop.wakeup();
    }

    /** The CPUs that have a buffer, ascending. */
    public List<Integer> cpus() {
        List<Integer> cpus = new ArrayList<>(rings.length);
        for (PerfRing r : rings) {
            cpus.add(r.cpu);
        }
        return cpus;
    }

    /** Counters summed over all CPUs. */
    @Override
    public ReaderStats stats() {
        long r = 0;
        long by = 0;
        long l = 0;
        for (PerfRing ring : rings) {
            r += ring.records;
            by += ring.bytes;
            l += ring.lost;
        }
        return new ReaderStats(r, by, 0, l, loop.polls(), loop.wakeups());
    }

    /** Counters of {@code cpu}'s buffer. */
    public ReaderStats stats(int cpu) {
        for (PerfRing ring : rings) {
            if (ring.cpu == cpu) {
                return new ReaderStats(ring.records, ring.bytes, 0, ring.lost, loop.polls(), loop.wakeups());
            }
        }
        throw new IllegalArgumentException("CPU " + cpu + " has no buffer in this reader; CPUs: " + cpus());
    }

    @Override
    public boolean isClosed() {
        return loop.isClosed();
    }

    /**
     * Stops the reader: a poll blocked in another thread returns -1 promptly; then the map entries are
     * removed and the events, mappings and fds released. Idempotent.
     */
    @Override
    public void close() {
        loop.close();
    }

    private int drainAll() {
        int n = 0;
        for (PerfRing ring : rings) {
            n += ring.drain(handler, lostHandler, scratch, scratchView);
        }
        return n;
    }

    private static void release(String name, Fd mapFd, PerfRing[] rings, Arena arena) {
        try {
            for (PerfRing r : rings) {
                clearEntry(name, mapFd, r.cpu);
            }
        } finally {
            arena.close();
            for (PerfRing r : rings) {
                r.fd.close();
            }
            mapFd.close();
        }
    }

    private void setEntry(Fd map, int cpu, int eventFd) {
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment key = tmp.allocate(ValueLayout.JAVA_INT);
            key.set(ValueLayout.JAVA_INT, 0, cpu);
            MemorySegment value = tmp.allocate(ValueLayout.JAVA_INT);
            value.set(ValueLayout.JAVA_INT, 0, eventFd);
            Check.check(RingCalls.updateElem(map.get(), key, value, 0), OpKind.MAP,
                    "storing the perf event of CPU " + cpu + " in perf event array '" + name + "'");
        }
    }

    private static void clearEntry(String name, Fd map, int cpu) {
        if (map == null || map.isClosed()) {
            return; // (the Cleaner may have closed the fd first when the reader was abandoned)
        }
        try (Arena tmp = Arena.ofConfined()) {
            MemorySegment key = tmp.allocate(ValueLayout.JAVA_INT);
            key.set(ValueLayout.JAVA_INT, 0, cpu);
            int r = RingCalls.deleteElem(map.get(), key);
            if (r < 0 && r != -Errno.ENOENT.number()) {
                LOG.warn("removing CPU {} from perf event array '{}' failed: errno {}", cpu, name, -r);
            }
        }
    }

    /** Configures a {@link PerfBufferReader}. Not thread-safe. */
    public static final class Builder {
        private String name;
        /** Gives the map's descriptor at build time (and throws if its owner closed it since). */
        private IntSupplier mapFd;
        private int maxEntries;
        private PerfSampleHandler handler;
        private LostSamplesHandler lostHandler;
        private int pages = 8;
        private int wakeupEvents = 1;
        private boolean busyPoll;
        private List<Integer> cpus;

        private Builder() {}

        /** Reads map {@code mapName} of {@code object}. */
        public Builder map(BpfObject object, String mapName) {
            Objects.requireNonNull(object, "object");
            return map(object.mapFd(mapName), () -> object.mapFd(mapName), mapName);
        }

        /**
         * Reads {@code map}, a perf event array made with {@link RawMap#create} or opened with
         * {@link RawMap#openPinned} (the reader keeps its own duplicate of the fd, so the map may be closed
         * once the reader is built).
         *
         * @throws IllegalArgumentException when it is not a BPF_MAP_TYPE_PERF_EVENT_ARRAY
         */
        public Builder map(RawMap map) {
            Objects.requireNonNull(map, "map");
            return map(map.fd(), map::fd, map.info().name());
        }

        /**
         * Reads the perf event array behind descriptor {@code mapFd}; {@code name} names it in errors. The
         * fd is borrowed: it stays the caller's, who must keep it open until {@link #build()}; the reader
         * keeps its own duplicate, so the caller may close {@code mapFd} once the reader is built.
         *
         * @throws IllegalArgumentException when it is not a BPF_MAP_TYPE_PERF_EVENT_ARRAY
         */
        public Builder map(int mapFd, String name) {
            return map(mapFd, () -> mapFd, name);
        }

        private Builder map(int mapFd, IntSupplier fdAtBuild, String name) {
            RingCalls.MapInfo info;
            try {
                info = RingCalls.mapInfo(mapFd);
            } catch (BpfException e) {
                throw new IllegalArgumentException("'" + name + "' (fd " + mapFd + ") is not a BPF map: "
                        + e.getMessage(), e);
            }
            if (info.type() != MapType.PERF_EVENT_ARRAY.value()) {
                throw new IllegalArgumentException("map '" + name + "' is not a BPF_MAP_TYPE_PERF_EVENT_ARRAY but "
                        + MapType.of(info.type()).map(Enum::name).orElse("map type " + info.type())
                        + (info.type() == MapType.RINGBUF.value() ? ": read it with io.ebpf4j.ringbuf.RingBufferReader" : ""));
            }
            this.mapFd = fdAtBuild;
            this.name = name;
            this.maxEntries = info.maxEntries();
            return this;
        }

        /** Receives each sample with its CPU, in place and without allocation. */
        public Builder handler(PerfSampleHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Receives each sample in place, without its CPU. */
        public Builder handler(RawRecordHandler handler) {
            Objects.requireNonNull(handler, "handler");
            return handler((cpu, buffer, offset, length) -> handler.onRecord(buffer, offset, length));
        }

        /** Receives each sample as its own segment. */
        public Builder handler(RecordHandler handler) {
            return handler(Objects.requireNonNull(handler, "handler").raw());
        }

        /** Decodes each sample and passes the value to {@code sink}. */
        public <T> Builder handler(RecordDecoder<T> decoder, Consumer<? super T> sink) {
            return handler(Objects.requireNonNull(decoder, "decoder").to(Objects.requireNonNull(sink, "sink")));
        }

        /** Told about samples the kernel dropped (also counted in {@link ReaderStats#lost()}). */
        public Builder lostHandler(LostSamplesHandler lostHandler) {
            this.lostHandler = Objects.requireNonNull(lostHandler, "lostHandler");
            return this;
        }

        /** Data pages per CPU, a power of two (default 8). */
        public Builder pagesPerCpu(int pages) {
            if (pages < 1 || Integer.bitCount(pages) != 1) {
                throw new IllegalArgumentException("pages per CPU must be a power of two: " + pages);
            }
            this.pages = pages;
            return this;
        }

        /** Wake a poller after this many samples per CPU (default 1: every sample). */
        public Builder wakeupEvents(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("wakeup events must be at least 1: " + events);
            }
            this.wakeupEvents = events;
            return this;
        }

        /** Only these CPUs get buffers (default: the online CPUs). */
        public Builder cpus(List<Integer> cpus) {
            if (cpus.isEmpty() || cpus.stream().anyMatch(c -> c == null || c < 0)) {
                throw new IllegalArgumentException("CPUs must be a non-empty list of CPU numbers: " + cpus);
            }
            this.cpus = cpus.stream().distinct().sorted().toList();
            return this;
        }

        /** Spin instead of sleeping in epoll_wait (see {@code RingBufferReader.Builder.busyPoll}). */
        public Builder busyPoll(boolean busyPoll) {
            this.busyPoll = busyPoll;
            return this;
        }

        /**
         * Opens the events, maps the buffers, fills the map and makes the reader.
         *
         * @throws BpfException when an event cannot be opened or mapped (nothing is left behind)
         */
        public PerfBufferReader build() {
            if (mapFd == null) {
                throw new IllegalStateException("set the perf event array with map(...)");
            }
            if (handler == null) {
                throw new IllegalStateException("set a sample handler with handler(...)");
            }
            if (cpus == null) {
                cpus = Cpus.online();
            }
            return new PerfBufferReader(this);
        }
    }
}
