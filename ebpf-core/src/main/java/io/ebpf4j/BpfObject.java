package io.ebpf4j;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.libbpf.NativeObject;
import io.ebpf4j.internal.libbpf.ObjectCalls;
import io.ebpf4j.internal.os.Fd;
import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.internal.btf.BorrowedBtf;
import io.ebpf4j.map.BpfMap;
import io.ebpf4j.map.RecordCodec;
import io.ebpf4j.map.StructShape;
import io.ebpf4j.map.Codec;
import io.ebpf4j.map.RawMap;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BPF object loaded into the kernel: its programs and maps, live. Made by {@link ObjectSpec#load()}.
 *
 * <p>{@link #close()} detaches every link made from its programs (newest first), then closes the
 * programs and maps; it is idempotent. An object that becomes unreachable without being closed is
 * closed by a {@link Cleaner} with a warning. Programs and maps obtained from a closed object refuse
 * further use.
 *
 * <p>Thread-safety: lookups of programs and maps are safe from any thread; {@link #close()} must not
 * race with use of the object's programs, maps or links.
 */
public final class BpfObject implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BpfObject.class);
    private static final Cleaner CLEANER = Cleaner.create();

    private final String name;
    private final ObjectSpec spec;
    private final Map<String, Program> programs;
    private final Map<String, Fd> mapFds;
    private final Map<String, ObjectMapSpec> mapSpecs;
    private final Map<String, RawMap> rawMaps = new java.util.concurrent.ConcurrentHashMap<>();
    private final State state;
    private final Cleaner.Cleanable cleanable;

    private BpfObject(ObjectSpec spec, NativeObject obj) {
        this.name = spec.name();
        this.spec = spec.copy();
        this.state = new State(obj, name, rawMaps);
        Map<String, Program> progs = new LinkedHashMap<>();
        for (MemorySegment p : obj.programs()) {
            String progName = ObjectCalls.programName(p);
            int fd = ObjectCalls.programFd(p);
            if (fd < 0) {
                continue; // not loaded (autoload off)
            }
            Fd handle = Fd.borrowed(fd, "program '" + progName + "' of object '" + name + "'");
            state.fds.add(handle);
            ProgramSpec ps = spec.program(progName);
            progs.put(progName, new Program(this, progName, ps.section(), ps.type(), ps.expectedAttachType().orElse(null),
                    handle, p));
        }
        Map<String, Fd> maps = new LinkedHashMap<>();
        Map<String, ObjectMapSpec> specs = new LinkedHashMap<>();
        for (MemorySegment m : obj.maps()) {
            String mapName = ObjectCalls.mapName(m);
            int fd = ObjectCalls.mapFd(m);
            if (fd < 0) {
                continue;
            }
            Fd handle = Fd.borrowed(fd, "map '" + mapName + "' of object '" + name + "'");
            state.fds.add(handle);
            maps.put(mapName, handle);
            specs.put(mapName, spec.map(mapName));
        }
        this.programs = Collections.unmodifiableMap(progs);
        this.mapFds = Collections.unmodifiableMap(maps);
        this.mapSpecs = Collections.unmodifiableMap(specs);
        this.cleanable = CLEANER.register(this, state);
    }

    static BpfObject wrap(ObjectSpec spec, NativeObject obj) {
        return new BpfObject(spec, obj);
    }

    /** The object's name. */
    public String name() {
        return name;
    }

    /** The spec it was loaded from (a copy: changing it does not change this object). */
    public ObjectSpec spec() {
        return spec.copy();
    }

    /** The loaded programs, in ELF order. */
    public List<Program> programs() {
        return List.copyOf(programs.values());
    }

    /**
     * The loaded program called {@code name}.
     *
     * @throws BpfException when there is none (the message lists the programs there are)
     */
    public Program program(String name) {
        Program p = programs.get(name);
        if (p == null) {
            throw new BpfException("finding program '" + name + "' in object '" + this.name + "'",
                    "no such loaded program; loaded: " + String.join(", ", programs.keySet())
                            + (spec.findProgram(name).isPresent() ? " ('" + name + "' has autoload off)" : ""));
        }
        return p;
    }

    /** The loaded program called {@code name}, if any. */
    public Optional<Program> findProgram(String name) {
        return Optional.ofNullable(programs.get(name));
    }

    /** The names of the object's maps, in ELF order. */
    public List<String> mapNames() {
        return List.copyOf(mapFds.keySet());
    }

    /**
     * The descriptor number of the map called {@code name}, a borrowed view: the object owns the fd and
     * closes it with itself. Pass it to calls that take a map fd while the object is open; do not close
     * it. {@link #map(String)} gives the map itself.
     *
     * @throws BpfException when there is none, or the object is closed
     */
    public int mapFd(String name) {
        return mapHandle(name).get();
    }

    private Fd mapHandle(String name) {
        Fd fd = mapFds.get(name);
        if (fd == null) {
            throw new BpfException("finding map '" + name + "' in object '" + this.name + "'",
                    "no such map; the object has: " + String.join(", ", mapFds.keySet()));
        }
        return fd;
    }

    /**
     * The map called {@code name}, for segment-level access; typed views are made with
     * {@link io.ebpf4j.map.BpfMap#of}, {@link io.ebpf4j.map.PerCpuMap#perCpu} and friends, or with
     * {@link #map(String, Codec, Codec)}. The map is owned by this object: it becomes unusable when the
     * object is closed. Closing the view leaves the map to the object (the next call gives a new view).
     *
     * @throws BpfException when there is none, or the object is closed
     */
    public RawMap map(String name) {
        int fd = mapFd(name);
        return rawMaps.compute(name, (n, view) -> view == null || view.isClosed() ? RawMap.wrap(fd) : view);
    }

    /**
     * A typed view of the map called {@code name}. The codecs' sizes are checked against the map's key
     * and value sizes here, not at the first lookup.
     */
    public <K, V> BpfMap<K, V> map(String name, Codec<K> keyCodec, Codec<V> valueCodec) {
        ObjectMapSpec spec = mapSpec(name);
        checkLayout(name, "key", keyCodec, spec.btfKeyTypeId());
        checkLayout(name, "value", valueCodec, spec.btfValueTypeId());
        return BpfMap.of(map(name), keyCodec, valueCodec);
    }

    /** A record codec must lay its record out as the map's BTF type is laid out: checked here, not at the first lookup. */
    private void checkLayout(String map, String what, Codec<?> codec, int btfTypeId) {
        if (!(codec instanceof RecordCodec<?> record) || btfTypeId <= 0) {
            return;
        }
        Optional<Btf> btf = btf();
        if (btf.isEmpty()) {
            return;
        }
        BtfType type = btf.get().resolve(btf.get().type(btfTypeId));
        if (!(type instanceof BtfType.Composite)) {
            return; // a record over a scalar or array: the size check in BpfMap.of covers it
        }
        try {
            record.checkAgainst(StructShape.of(btf.get().shape(type)));
        } catch (IllegalArgumentException e) {
            throw new BpfException("opening map '" + map + "' of object '" + this.name + "' with a record " + what,
                    e.getMessage());
        }
    }

    /**
     * The object's BTF, when it has one: owned by the object, valid until it is closed. Types of maps
     * and global variables are looked up here.
     */
    public Optional<Btf> btf() {
        synchronized (state.links) {
            if (state.closed) {
                throw new BpfException("reading the BTF of object '" + name + "'", "the object is closed");
            }
            if (state.btf == null) {
                MemorySegment ptr = ObjectCalls.btf(state.obj.handle());
                if (ptr.equals(MemorySegment.NULL)) {
                    return Optional.empty();
                }
                state.btf = BorrowedBtf.wrap(Btf.class, ptr, "BTF of object '" + name + "'", state.obj);
            }
            return Optional.of(state.btf);
        }
    }

    /** The spec of the map called {@code name} as it was loaded. */
    public ObjectMapSpec mapSpec(String name) {
        mapHandle(name);
        return mapSpecs.get(name);
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return state.closed;
    }

    void register(AutoCloseable link) {
        synchronized (state.links) {
            if (state.closed) {
                throw new BpfException("attaching a program of object '" + name + "'", "the object is closed");
            }
            state.links.add(link);
        }
    }

    void unregister(AutoCloseable link) {
        synchronized (state.links) {
            state.links.remove(link);
        }
    }

    /** Detaches the object's links, then unloads its programs and maps. Idempotent. */
    @Override
    public void close() {
        state.explicit = true;
        cleanable.clean();
    }

    @Override
    public String toString() {
        return "BpfObject[" + name + ", programs=" + programs.keySet() + ", maps=" + mapFds.keySet()
                + (state.closed ? ", closed" : "") + "]";
    }

    /** Everything close needs, without a reference back to the BpfObject (so the Cleaner can run). */
    private static final class State implements Runnable {
        private final NativeObject obj;
        private final String name;
        private final List<Fd> fds = new ArrayList<>();
        /** The object's {@link #map(String)} views: borrowed fds, made unusable with the object. */
        private final Map<String, RawMap> rawMaps;
        private final List<AutoCloseable> links = new ArrayList<>();
        private volatile boolean closed;
        private volatile boolean explicit;
        private Btf btf; // borrowed from the libbpf object: closed before it

        State(NativeObject obj, String name, Map<String, RawMap> rawMaps) {
            this.obj = obj;
            this.name = name;
            this.rawMaps = rawMaps;
        }

        @Override
        public void run() {
            List<AutoCloseable> toClose;
            synchronized (links) {
                if (closed) {
                    return;
                }
                closed = true;
                toClose = new ArrayList<>(links);
                links.clear();
            }
            if (!explicit) {
                LOG.warn("BPF object '{}' was not closed; closing it now (detaching {} link(s)). Close it with try-with-resources.",
                        name, toClose.size());
            }
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (Exception e) {
                    LOG.warn("closing a link of object '{}' failed: {}", name, e.toString());
                }
            }
            rawMaps.values().forEach(RawMap::close);
            fds.forEach(Fd::close);
            synchronized (links) {
                if (btf != null) {
                    btf.close();
                }
            }
            obj.close();
        }
    }
}
