package io.ebpf4j.ringbuf;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.BpfObject;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.PollLoop;
import io.ebpf4j.internal.libbpf.RingCalls;
import io.ebpf4j.internal.os.EpollSet;
import io.ebpf4j.internal.os.Fd;
import io.ebpf4j.internal.os.Dup;
import io.ebpf4j.map.RawMap;
import java.lang.foreign.Arena;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * Reads BPF ring buffers (BPF_MAP_TYPE_RINGBUF, Linux 5.8+) in place: each ring's pages are mapped into
 * this process and records are handed to a callback as a view of the mapping, without copying and, on
 * the {@link RecordViewHandler} and {@link RawRecordHandler} paths, without allocating.
 *
 * <p>Callback kinds: {@link Builder#ringView(BpfObject, String, RecordViewHandler) ringView} hands a reusable
 * {@link RecordView} that is invalidated when the callback returns (a kept view throws
 * {@link IllegalStateException}): the zero-copy path to use by default. {@code ring(..., RawRecordHandler)}
 * hands the ring's whole data area, an offset and a length (the bytes are valid during the call, the
 * segment until close). {@code ring(..., RecordHandler)} and {@code ring(..., RecordDecoder, Consumer)} slice
 * or decode each record (may allocate per record).
 *
 * <pre>{@code
 * try (RingBufferReader reader = RingBufferReader.builder()
 *         .ring(obj, "events", (buf, off, len) -> handle(buf.get(JAVA_LONG_UNALIGNED, off)))
 *         .build()) {
 *     while (reader.poll(Duration.ofMillis(100)) >= 0) { }
 * }
 * }</pre>
 *
 * <p>Guarantees: records of one ring arrive in the order the producer reserved them, each exactly once;
 * discarded records are skipped (and counted); a record still being written stops the drain of its ring
 * until it is committed. consumer_pos is advanced with release semantics only past records whose
 * callbacks have returned, so the kernel never overwrites a record a callback is reading; it is published
 * once per batch (the records up to the producer position read with acquire semantics at the batch's
 * start), and at least every quarter of the ring.
 *
 * <p>Thread-safety: {@code poll} and {@code consume} are for one thread at a time (concurrent calls
 * serialize). {@link #wakeup()}, {@link #close()} and {@link #stats()} may be called from any thread;
 * {@code close()} from another thread makes a blocked poll return -1 promptly and then frees the
 * mappings. Callbacks run on the polling thread.
 */
public final class RingBufferReader implements EventReader {
    private final List<Ring> rings;
    private final Ring[] ringArray;
    private final PollLoop loop;

    private RingBufferReader(Builder b) {
        Arena a = Arena.ofShared();
        EpollSet ep = null;
        List<Ring> made = new ArrayList<>();
        try {
            ep = new EpollSet("ring buffer reader");
            for (int i = 0; i < b.specs.size(); i++) {
                RingSpec s = b.specs.get(i);
                String what = "ring buffer '" + s.name + "' (reader's fd)";
                Fd owned = Dup.owned(Fd.borrowed(s.fd.getAsInt(), what), what);
                try {
                    made.add(new Ring(s.name, owned, s.size, s.handler, s.view, a));
                    ep.add(owned.get(), i);
                } catch (RuntimeException e) {
                    owned.close();
                    throw e;
                }
            }
        } catch (RuntimeException | Error e) {
            made.forEach(r -> r.fd.close());
            if (ep != null) {
                ep.close();
            }
            a.close();
            throw e;
        }
        this.rings = List.copyOf(made);
        this.ringArray = made.toArray(new Ring[0]);
        Ring[] all = ringArray;
        this.loop = new PollLoop(this, "ring buffer reader " + b.specs.stream().map(RingSpec::name).toList(), ep,
                this::drainAll, b.busyPoll, () -> release(a, all));
    }

    /** A builder; add at least one ring. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether this kernel has BPF ring buffers (asks the kernel through libbpf's probe; false when it
     * cannot tell). Without them, use {@link io.ebpf4j.perf.PerfBufferReader}.
     */
    public static boolean isSupported() {
        return RingCalls.probeMapType(MapType.RINGBUF.value()) == 1;
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

    /** The number of rings this reader consumes. */
    public int ringCount() {
        return rings.size();
    }

    /** Unconsumed bytes (committed or still being written) in ring {@code index}, in the order added. */
    public long pendingBytes(int index) {
        if (isClosed()) {
            throw new IllegalStateException("the ring buffer reader is closed");
        }
        return ringArray[Objects.checkIndex(index, ringArray.length)].pending();
    }

    /** Counters summed over all rings. */
    @Override
    public ReaderStats stats() {
        long r = 0;
        long b = 0;
        long d = 0;
        for (Ring ring : ringArray) {
            r += ring.records;
            b += ring.bytes;
            d += ring.discarded;
        }
        return new ReaderStats(r, b, d, 0, loop.polls(), loop.wakeups());
    }

    /** Counters of ring {@code index} (its polls and wakeups are the reader's). */
    public ReaderStats stats(int index) {
        Ring ring = ringArray[Objects.checkIndex(index, ringArray.length)];
        return new ReaderStats(ring.records, ring.bytes, ring.discarded, 0, loop.polls(), loop.wakeups());
    }

    @Override
    public boolean isClosed() {
        return loop.isClosed();
    }

    /**
     * Stops the reader: a poll blocked in another thread returns -1 promptly, then the mappings and fds
     * are released. Called from a callback, the release happens when that poll returns. Idempotent.
     */
    @Override
    public void close() {
        loop.close();
    }

    private int drainAll() {
        int n = 0;
        for (Ring ring : ringArray) {
            n += ring.drain();
        }
        return n;
    }

    private static void release(Arena arena, Ring[] rings) {
        arena.close();
        for (Ring ring : rings) {
            ring.fd.close();
        }
    }

    /** A ring to map; {@code fd} gives its descriptor at build time (and throws if its owner closed it since). */
    private record RingSpec(String name, IntSupplier fd, long size, RawRecordHandler handler, RecordViewHandler view) {
    }

    /** Configures a {@link RingBufferReader}. Not thread-safe. */
    public static final class Builder {
        private final List<RingSpec> specs = new ArrayList<>();
        private boolean busyPoll;

        private Builder() {}

        /** Adds map {@code mapName} of {@code object}, read in place by {@code handler}. */
        public Builder ring(BpfObject object, String mapName, RawRecordHandler handler) {
            Objects.requireNonNull(object, "object");
            return ring(object.mapFd(mapName), () -> object.mapFd(mapName), mapName, handler);
        }

        /**
         * Adds {@code map}, a ring buffer map made with {@link RawMap#create} or opened with
         * {@link RawMap#openPinned} (the reader keeps its own duplicate of the fd, so the map may be closed
         * once the reader is built).
         *
         * @throws IllegalArgumentException when it is not a BPF_MAP_TYPE_RINGBUF map
         */
        public Builder ring(RawMap map, RawRecordHandler handler) {
            Objects.requireNonNull(map, "map");
            return ring(map.fd(), map::fd, map.info().name(), handler);
        }

        /** Adds map {@code mapName} of {@code object}; each record is passed as its own segment. */
        public Builder ring(BpfObject object, String mapName, RecordHandler handler) {
            return ring(object, mapName, Objects.requireNonNull(handler, "handler").raw());
        }

        /** Adds map {@code mapName} of {@code object}; each record is decoded and passed to {@code sink}. */
        public <T> Builder ring(BpfObject object, String mapName, RecordDecoder<T> decoder,
                                Consumer<? super T> sink) {
            Objects.requireNonNull(sink, "sink");
            return ring(object, mapName, Objects.requireNonNull(decoder, "decoder").to(sink));
        }

        /**
         * Adds the ring buffer map behind descriptor {@code mapFd}; {@code name} names it in errors. The fd
         * is borrowed: it stays the caller's, who must keep it open until {@link #build()}; the reader
         * keeps its own duplicate, so the caller may close {@code mapFd} once the reader is built.
         *
         * @throws IllegalArgumentException when the fd is not a BPF_MAP_TYPE_RINGBUF map
         */
        public Builder ring(int mapFd, String name, RawRecordHandler handler) {
            return ring(mapFd, () -> mapFd, name, handler);
        }

        /**
         * Adds map {@code mapName} of {@code object}, read in place through a {@link RecordView}: no copy and
         * no allocation per record, and the view throws {@link IllegalStateException} if it is used after
         * the callback returned.
         */
        public Builder ringView(BpfObject object, String mapName, RecordViewHandler handler) {
            Objects.requireNonNull(object, "object");
            return ring(object.mapFd(mapName), () -> object.mapFd(mapName), mapName, null,
                    Objects.requireNonNull(handler, "handler"));
        }

        /**
         * Adds {@code map} (see {@link #ring(RawMap, RawRecordHandler)}), read through a {@link RecordView}.
         *
         * @throws IllegalArgumentException when it is not a BPF_MAP_TYPE_RINGBUF map
         */
        public Builder ringView(RawMap map, RecordViewHandler handler) {
            Objects.requireNonNull(map, "map");
            return ring(map.fd(), map::fd, map.info().name(), null, Objects.requireNonNull(handler, "handler"));
        }

        /**
         * Adds the ring buffer map behind the borrowed descriptor {@code mapFd} (see
         * {@link #ring(int, String, RawRecordHandler)}), read through a {@link RecordView}.
         *
         * @throws IllegalArgumentException when the fd is not a BPF_MAP_TYPE_RINGBUF map
         */
        public Builder ringView(int mapFd, String name, RecordViewHandler handler) {
            return ring(mapFd, () -> mapFd, name, null, Objects.requireNonNull(handler, "handler"));
        }

        private Builder ring(int mapFd, IntSupplier fdAtBuild, String name, RawRecordHandler handler) {
            return ring(mapFd, fdAtBuild, name, Objects.requireNonNull(handler, "handler"), null);
        }

        private Builder ring(int mapFd, IntSupplier fdAtBuild, String name, RawRecordHandler handler,
                             RecordViewHandler view) {
            RingCalls.MapInfo info;
            try {
                info = RingCalls.mapInfo(mapFd);
            } catch (BpfException e) {
                throw new IllegalArgumentException("'" + name + "' (fd " + mapFd + ") is not a BPF map: "
                        + e.getMessage(), e);
            }
            if (info.type() != MapType.RINGBUF.value()) {
                if (info.type() == MapType.PERF_EVENT_ARRAY.value()) {
                    throw new IllegalArgumentException("map '" + name + "' is a BPF_MAP_TYPE_PERF_EVENT_ARRAY: read it with"
                            + " io.ebpf4j.perf.PerfBufferReader");
                }
                throw new IllegalArgumentException("map '" + name + "' is not a ring buffer (BPF_MAP_TYPE_RINGBUF) but "
                        + MapType.of(info.type()).map(Enum::name).orElse("map type " + info.type()));
            }
            specs.add(new RingSpec(name, fdAtBuild, Integer.toUnsignedLong(info.maxEntries()), handler, view));
            return this;
        }

        /**
         * Spins on the rings instead of sleeping in epoll_wait: lowest latency, one CPU fully used while
         * polling. {@link #wakeup()} and {@link #close()} still stop a spinning poll.
         */
        public Builder busyPoll(boolean busyPoll) {
            this.busyPoll = busyPoll;
            return this;
        }

        /**
         * Maps the rings and makes the reader.
         *
         * @throws BpfException when a mapping or the epoll set cannot be made
         */
        public RingBufferReader build() {
            if (specs.isEmpty()) {
                throw new IllegalStateException("add at least one ring buffer map with ring(...)");
            }
            return new RingBufferReader(this);
        }
    }
}
