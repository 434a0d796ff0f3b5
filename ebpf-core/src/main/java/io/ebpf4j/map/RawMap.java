package io.ebpf4j.map;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.libbpf.Check;
import io.ebpf4j.internal.libbpf.MapCalls;
import io.ebpf4j.internal.libbpf.MapCalls.BatchResult;
import io.ebpf4j.internal.os.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A BPF map at the byte level: an {@link Fd} and the map's {@link MapInfo}. Every operation takes
 * caller-provided native {@link MemorySegment}s and allocates nothing: this is the zero-allocation
 * path. {@link BpfMap} is the typed view.
 *
 * <p>Sizes are checked in Java before any native call: a key segment must hold at least
 * {@link #keySize()} bytes and a value segment at least {@link #valueBufferSize()} bytes (for per-CPU
 * maps: the value size rounded up to 8, times the number of possible CPUs). Heap segments are
 * refused.
 *
 * <p>Thread-safety: all element operations may be called from any number of threads at once (each
 * is one atomic kernel operation per element); segments passed in must not be shared between
 * threads during a call. {@link #close()} must not race with operations in other threads.
 */
public final class RawMap implements AutoCloseable {
    private static final int BATCH_LOOKUP = 1, BATCH_LOOKUP_AND_DELETE = 2, BATCH_UPDATE = 4, BATCH_DELETE = 8;

    private final Fd fd;
    private final MapInfo info;
    private final int valueBufferSize;
    private volatile Path pinnedAt;
    /** Batch operations the kernel refused for this map (bit per operation), so views fall back. */
    private volatile int batchUnsupported;
    private volatile boolean forceBatchFallback;

    private RawMap(Fd fd, MapInfo info) {
        this.fd = fd;
        this.info = info;
        this.valueBufferSize = bufferSize(info.type(), info.valueSize());
    }

    /**
     * Creates a standalone map from {@code spec}, pinning it at {@link MapSpec#pinPath()} when set.
     * For maps of maps, a temporary inner map is created from the inner spec and closed afterwards.
     */
    public static RawMap create(MapSpec spec) {
        Objects.requireNonNull(spec, "spec");
        String what = "map '" + spec.name() + "' (" + spec.type() + ")";
        String op = "bpf_map_create(" + what + ", key " + spec.keySize() + ", value " + spec.valueSize()
                + ", max_entries " + spec.maxEntries() + ")";
        RawMap inner = spec.innerMap() == null ? null : create(spec.innerMap().withPinPath(null));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opts = arena.allocate(MapCalls.CREATE_OPTS_SIZE, 8);
            MapCalls.writeCreateOpts(opts, 0, 0, 0, inner == null ? 0 : inner.fd.get(), spec.flags(),
                    spec.mapExtra(), 0, 0);
            MemorySegment name = spec.name().isEmpty() ? MemorySegment.NULL : arena.allocateFrom(spec.name());
            int n = Check.check(MapCalls.create(spec.type().value(), name, spec.keySize(), spec.valueSize(),
                    spec.maxEntries(), opts), op);
            RawMap map = wrap(Fd.owned(n, what));
            if (spec.pinPath() != null) {
                try {
                    map.pin(spec.pinPath());
                } catch (RuntimeException e) {
                    map.close();
                    throw e;
                }
            }
            return map;
        } finally {
            if (inner != null) {
                inner.close();
            }
        }
    }

    /**
     * Creates a map from {@code spec} and hands it to {@code view}; the map is closed if making the
     * view fails.
     */
    static <T> T createViewed(MapSpec spec, java.util.function.Function<RawMap, T> view) {
        RawMap raw = create(spec);
        try {
            return view.apply(raw);
        } catch (RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    /**
     * Wraps a map fd, reading its info from the kernel. For maps of a loaded object, pass
     * {@link Fd#borrowed}: closing this RawMap then leaves the descriptor to its owner.
     */
    public static RawMap wrap(Fd fd) {
        return new RawMap(fd, MapInfo.read(fd));
    }

    /** Wraps a map fd whose info the caller already has. */
    public static RawMap wrap(Fd fd, MapInfo info) {
        return new RawMap(Objects.requireNonNull(fd, "fd"), Objects.requireNonNull(info, "info"));
    }

    /**
     * Opens the map pinned at {@code path} (a new, owned fd).
     *
     * @throws BpfException if nothing is pinned there, or the pinned object is not a map
     */
    public static RawMap openPinned(Path path) {
        Fd fd = MapPins.open(path);
        try {
            RawMap map = wrap(fd);
            map.pinnedAt = path;
            return map;
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * For a loader reusing pinned maps: the map pinned at {@code path} when there is one and it is
     * compatible with {@code spec}; empty when nothing is pinned there. Pass {@code fd().get()} to
     * bpf_map__reuse_fd, then close this RawMap (libbpf dups the fd).
     *
     * @throws IllegalStateException if the pinned map differs from {@code spec} (message names the
     *                               differences)
     */
    public static Optional<RawMap> openPinnedIfCompatible(Path path, MapSpec spec) {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        RawMap map = openPinned(path);
        Optional<String> why = spec.incompatibility(map.info);
        if (why.isPresent()) {
            map.close();
            throw new IllegalStateException(why.get() + " (pinned at " + path + ")");
        }
        return Optional.of(map);
    }

    /**
     * Pins this map at {@code path}, whose directory must be on bpffs.
     *
     * @throws BpfException if the directory is not on bpffs or the kernel refuses (e.g. EEXIST)
     */
    public void pin(Path path) {
        pinnedAt = MapPins.pin(this, path);
    }

    /** Removes the pin this map was pinned at (or opened from), if any; the map lives on while referenced. */
    public void unpin() {
        Path p = pinnedAt;
        if (p != null) {
            unpin(p);
            pinnedAt = null;
        }
    }

    /** Removes the pin at {@code path} if there is one. Returns whether a pin was removed. */
    public static boolean unpin(Path path) {
        return MapPins.unpin(path);
    }

    /** Where this map is pinned (by {@link #pin} or {@link #openPinned}), if known. */
    public Optional<Path> pinnedPath() {
        return Optional.ofNullable(pinnedAt);
    }

    /** The map's descriptor. */
    public Fd fd() {
        return fd;
    }

    /** The map as the kernel described it when wrapped. */
    public MapInfo info() {
        return info;
    }

    /** Key size in bytes (0 for queues and stacks). */
    public int keySize() {
        return info.keySize();
    }

    /** Bytes of one value buffer: the value size, or for per-CPU maps round_up(value size, 8) times possible CPUs. */
    public int valueBufferSize() {
        return valueBufferSize;
    }

    /** Whether values have one slot per possible CPU. */
    public boolean isPerCpu() {
        return isPerCpu(info.type());
    }

    /**
     * Looks {@code key} up, writing the value into {@code value}.
     *
     * @return false when there is no such element (ENOENT)
     */
    public boolean lookup(MemorySegment key, MemorySegment value) {
        int r = MapCalls.lookup(fd.get(), keyArg(key), valueArg(value));
        return absentOrOk(r, "bpf_map_lookup_elem");
    }

    /**
     * Looks {@code key} up with lookup flags (BPF_F_LOCK = 4: read a value holding a bpf_spin_lock
     * under that lock; the map needs BTF for it).
     *
     * @return false when there is no such element (ENOENT)
     */
    public boolean lookup(MemorySegment key, MemorySegment value, long flags) {
        int r = MapCalls.lookupFlags(fd.get(), keyArg(key), valueArg(value), flags);
        return absentOrOk(r, "bpf_map_lookup_elem_flags");
    }

    /**
     * Writes {@code value} at {@code key}.
     *
     * @return false when {@code flag} prevented it (NO_EXIST and the key exists, EXIST and it does not)
     * @throws MapFullException when the map is full
     * @throws IndexOutOfBoundsException for an array index at or past max_entries (checked in Java)
     */
    public boolean update(MemorySegment key, MemorySegment value, UpdateFlag flag) {
        MemorySegment k = keyArg(key);
        if (isArray(info.type())) {
            int index = k.get(ValueLayout.JAVA_INT, 0);
            if (Integer.compareUnsigned(index, info.maxEntries()) >= 0) {
                throw new IndexOutOfBoundsException(this + ": index " + Integer.toUnsignedString(index)
                        + " out of range 0.." + (info.maxEntries() - 1));
            }
        }
        int r = MapCalls.update(fd.get(), k, valueArg(value), flag.value());
        if (r == 0) {
            return true;
        }
        int errno = -r;
        if ((errno == Errno.EEXIST.number() && flag == UpdateFlag.NO_EXIST)
                || (errno == Errno.ENOENT.number() && flag == UpdateFlag.EXIST)) {
            return false;
        }
        throw updateError("bpf_map_update_elem", errno);
    }

    /**
     * Deletes {@code key}.
     *
     * @return false when there was no such element
     */
    public boolean delete(MemorySegment key) {
        return absentOrOk(MapCalls.delete(fd.get(), keyArg(key)), "bpf_map_delete_elem");
    }

    /**
     * Writes the key after {@code key} (or the first key when {@code key} is null or
     * {@link MemorySegment#NULL}) into {@code next}.
     *
     * @return false when there is no next key
     */
    public boolean nextKey(MemorySegment key, MemorySegment next) {
        MemorySegment k = key == null || key.equals(MemorySegment.NULL) ? MemorySegment.NULL : keyArg(key);
        return absentOrOk(MapCalls.nextKey(fd.get(), k, keyArg(next)), "bpf_map_get_next_key");
    }

    /**
     * Reads and deletes {@code key} in one step (queues and stacks: pops; pass null as key).
     *
     * @return false when there was no such element (or the queue was empty)
     */
    public boolean lookupAndDelete(MemorySegment key, MemorySegment value) {
        return absentOrOk(MapCalls.lookupAndDelete(fd.get(), keyArg(key), valueArg(value)),
                "bpf_map_lookup_and_delete_elem");
    }

    /** Makes the map read-only for the syscall side (programs may still write unless RDONLY_PROG). */
    public void freeze() {
        Check.check(MapCalls.freeze(fd.get()), "bpf_map_freeze(" + this + ")");
    }

    /** A new cursor for {@link #lookupBatch}. */
    public BatchCursor newBatchCursor() {
        return new BatchCursor(info.keySize());
    }

    /**
     * Reads up to {@code max} elements from where {@code cursor} stands into {@code keys} and
     * {@code values} (packed arrays of keys and value buffers), advancing the cursor; the cursor is
     * {@linkplain BatchCursor#isDone() done} once the map is exhausted. With {@code delete}, the read
     * elements are deleted too (bpf_map_lookup_and_delete_batch).
     *
     * @return the number of elements read
     * @throws BpfException with the kernel's errno when it refuses (EINVAL/EOPNOTSUPP/ENOTSUPP where
     *                      batch operations are missing; ENOSPC when {@code max} is smaller than a hash
     *                      bucket)
     */
    public int lookupBatch(BatchCursor cursor, MemorySegment keys, MemorySegment values, int max, boolean delete) {
        checkBatch(keys, values, max);
        int op = delete ? BATCH_LOOKUP_AND_DELETE : BATCH_LOOKUP;
        refuseIfForced(op);
        long res = MapCalls.lookupBatch(delete, fd.get(), cursor.inToken(), cursor.outToken(), keys, values, max, 0);
        int r = BatchResult.ret(res);
        int count = BatchResult.count(res);
        if (r == 0 || r == -Errno.ENOENT.number()) {
            cursor.advance(r != 0);
            return count;
        }
        throw batchError(delete ? "bpf_map_lookup_and_delete_batch" : "bpf_map_lookup_batch", -r, op);
    }

    /**
     * Writes {@code count} packed keys and values.
     *
     * @return the number written (all of them, or the exception says how many were)
     */
    public int updateBatch(MemorySegment keys, MemorySegment values, int count, UpdateFlag flag) {
        checkBatch(keys, values, count);
        refuseIfForced(BATCH_UPDATE);
        long res = MapCalls.updateBatch(fd.get(), keys, values, count, flag.value());
        int r = BatchResult.ret(res);
        if (r == 0) {
            return BatchResult.count(res);
        }
        int errno = -r;
        if (errno == Errno.E2BIG.number() || errno == Errno.ENOSPC.number()) {
            throw new MapFullException("bpf_map_update_batch(" + this + ") after " + BatchResult.count(res)
                    + " elements", errno, info.maxEntries());
        }
        throw batchError("bpf_map_update_batch", errno, BATCH_UPDATE);
    }

    /**
     * Deletes {@code count} packed keys. The kernel stops at the first absent key.
     *
     * @return the result packed as in {@link MapCalls.BatchResult}: use {@link #batchDeleted(long)} and
     *         {@link #batchStoppedAtAbsentKey(long)}
     */
    public long deleteBatch(MemorySegment keys, int count) {
        checkBatch(keys, null, count);
        refuseIfForced(BATCH_DELETE);
        long res = MapCalls.deleteBatch(fd.get(), keys, count);
        int r = BatchResult.ret(res);
        if (r == 0 || r == -Errno.ENOENT.number()) {
            return res;
        }
        throw batchError("bpf_map_delete_batch", -r, BATCH_DELETE);
    }

    /** From a {@link #deleteBatch} result: how many keys were deleted. */
    public static int batchDeleted(long result) {
        return BatchResult.count(result);
    }

    /** From a {@link #deleteBatch} result: whether the kernel stopped at an absent key (at index {@link #batchDeleted}). */
    public static boolean batchStoppedAtAbsentKey(long result) {
        return BatchResult.ret(result) != 0;
    }

    /** Whether batch operations are known to work here (false once the kernel refused one, or when forced off). */
    public boolean batchSupported(boolean lookup, boolean delete) {
        int op = lookup ? (delete ? BATCH_LOOKUP_AND_DELETE : BATCH_LOOKUP) : (delete ? BATCH_DELETE : BATCH_UPDATE);
        return !forceBatchFallback && (batchUnsupported & op) == 0;
    }

    /** Test hook: make every batch operation behave as if the kernel lacked it. */
    void forceBatchFallback(boolean force) {
        this.forceBatchFallback = force;
    }

    /** Whether a batch call failed because the operation is missing (recorded so views fall back). */
    static boolean isUnsupported(BpfException e) {
        int n = e.errnoNumber();
        return n == Errno.EINVAL.number() || n == Errno.EOPNOTSUPP.number() || n == Errno.ENOTSUPP.number();
    }

    @Override
    public void close() {
        fd.close();
    }

    public boolean isClosed() {
        return fd.isClosed();
    }

    @Override
    public String toString() {
        return "map '" + info.name() + "' (" + info.type() + ", id " + info.id() + ", fd " + fd.number()
                + (fd.isClosed() ? ", closed)" : ")");
    }

    static boolean isPerCpu(MapType type) {
        return type == MapType.PERCPU_HASH || type == MapType.PERCPU_ARRAY || type == MapType.LRU_PERCPU_HASH
                || type == MapType.PERCPU_CGROUP_STORAGE;
    }

    /** Array-like maps: u32 index keys below max_entries. */
    static boolean isArray(MapType type) {
        return switch (type) {
            case ARRAY, PERCPU_ARRAY, PROG_ARRAY, ARRAY_OF_MAPS, PERF_EVENT_ARRAY, CGROUP_ARRAY -> true;
            default -> false;
        };
    }

    static int bufferSize(MapType type, int valueSize) {
        if (!isPerCpu(type)) {
            return valueSize;
        }
        return roundUp8(valueSize) * MapCalls.numPossibleCpus();
    }

    static int roundUp8(int n) {
        return (n + 7) & ~7;
    }

    private MemorySegment keyArg(MemorySegment key) {
        int size = info.keySize();
        if (size == 0) {
            return MemorySegment.NULL;
        }
        return checked(key, size, "key");
    }

    private MemorySegment valueArg(MemorySegment value) {
        return checked(value, valueBufferSize, "value");
    }

    private MemorySegment checked(MemorySegment seg, long size, String what) {
        if (seg == null || seg.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException(this + ": " + what + " segment is null; need " + size + " bytes");
        }
        if (!seg.isNative()) {
            throw new IllegalArgumentException(this + ": " + what + " segment must be native memory, not a heap segment");
        }
        if (seg.byteSize() < size) {
            throw new IllegalArgumentException(this + ": " + what + " segment has " + seg.byteSize()
                    + " bytes; the map needs " + size);
        }
        return seg;
    }

    private void checkBatch(MemorySegment keys, MemorySegment values, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("negative batch count " + count);
        }
        checked(keys, (long) info.keySize() * count, "batch keys");
        if (values != null) {
            checked(values, (long) valueBufferSize * count, "batch values");
        }
    }

    private void refuseIfForced(int op) {
        if (forceBatchFallback) {
            throw batchError("batch operation (forced off)", Errno.EOPNOTSUPP.number(), op);
        }
    }

    private BpfException batchError(String call, int errno, int op) {
        BpfException e = Check.error(call + "(" + this + ")", errno);
        if (isUnsupported(e)) {
            batchUnsupported |= op;
        }
        return e;
    }

    private boolean absentOrOk(int r, String call) {
        if (r == 0) {
            return true;
        }
        if (r == -Errno.ENOENT.number()) {
            return false;
        }
        throw Check.error(call + "(" + this + ")", -r);
    }

    private BpfException updateError(String call, int errno) {
        if (errno == Errno.E2BIG.number() || errno == Errno.ENOSPC.number()) {
            return new MapFullException(call + "(" + this + ")", errno, info.maxEntries());
        }
        return Check.error(call + "(" + this + ")", errno);
    }
}
