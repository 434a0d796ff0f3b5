package io.ebpf4j.map;

import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.MapCalls;
import io.ebpf4j.internal.os.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A BPF map at the byte level: a map descriptor and the map's {@link MapInfo}. Every operation takes
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
    private final Fd fd;
    private final MapInfo info;
    private final int valueBufferSize;
    private volatile Path pinnedAt;
    /** Batch operations the kernel refused for this map ({@link BatchOp#bit()} per operation), so views fall back. */
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
                    spec.maxEntries(), opts), OpKind.MAP, op);
            RawMap map = own(Fd.owned(n, what));
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
     * Wraps the map behind descriptor {@code fd}, reading its info from the kernel. The fd is borrowed:
     * the caller keeps ownership and must keep it open while this RawMap is in use; {@link #close()}
     * leaves the descriptor open and only makes this RawMap refuse further use. (Maps of a loaded
     * object come from {@link io.ebpf4j.BpfObject#map(String)}, which closes them with the object.)
     *
     * @throws BpfException if {@code fd} is not a BPF map
     * @throws IllegalArgumentException if {@code fd} is negative
     */
    public static RawMap wrap(int fd) {
        Fd borrowed = borrowed(fd);
        return new RawMap(borrowed, MapInfo.read(fd, borrowed.what()));
    }

    /**
     * Wraps the map behind descriptor {@code fd} whose info the caller already has; the fd is borrowed
     * as in {@link #wrap(int)}.
     */
    public static RawMap wrap(int fd, MapInfo info) {
        return new RawMap(borrowed(fd), Objects.requireNonNull(info, "info"));
    }

    /** Wraps an owned fd (closed with this RawMap), reading the map's info from the kernel. */
    static RawMap own(Fd fd) {
        return new RawMap(fd, MapInfo.read(fd.get(), fd.what()));
    }

    private static Fd borrowed(int fd) {
        return Fd.borrowed(fd, "map fd " + fd + " (borrowed)");
    }

    /**
     * Opens the map pinned at {@code path} (a new, owned fd).
     *
     * @throws BpfException if nothing is pinned there, or the pinned object is not a map
     */
    public static RawMap openPinned(Path path) {
        Fd fd = MapPins.open(path);
        try {
            RawMap map = own(fd);
            map.pinnedAt = path;
            return map;
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * For a loader reusing pinned maps: the map pinned at {@code path} when there is one and it is
     * compatible with {@code spec}; empty when nothing is pinned there. Pass {@link #fd()} to
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

    /**
     * The map's descriptor number, a borrowed view: this RawMap (or, for {@link #wrap(int)}, the
     * caller) owns it. Pass it to calls that take a map fd; do not close it, and do not use it after
     * {@link #close()}.
     *
     * @throws BpfException if this RawMap was closed
     */
    public int fd() {
        return fd.get();
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
        Check.check(MapCalls.freeze(fd.get()), OpKind.MAP, "bpf_map_freeze(" + this + ")");
    }

    /** A new cursor for {@link #lookupBatch}. */
    public BatchCursor newBatchCursor() {
        return new BatchCursor(info.keySize());
    }

    /**
     * Reads up to {@code max} elements from where {@code cursor} stands into {@code keys} and
     * {@code values} (packed arrays of keys and value buffers), advancing the cursor; the cursor is
     * {@linkplain BatchCursor#isDone() done} once the map is exhausted (bpf_map_lookup_batch).
     *
     * @return the number of elements read
     * @throws BpfException with the kernel's errno when it refuses (EINVAL/EOPNOTSUPP/ENOTSUPP where
     *                      batch operations are missing; ENOSPC when {@code max} is smaller than a hash
     *                      bucket)
     */
    public int lookupBatch(BatchCursor cursor, MemorySegment keys, MemorySegment values, int max) {
        return lookupBatch(cursor, keys, values, max, BatchOp.LOOKUP);
    }

    /**
     * As {@link #lookupBatch}, and deletes the elements read (bpf_map_lookup_and_delete_batch).
     *
     * @return the number of elements read and deleted
     * @throws BpfException as {@link #lookupBatch}
     */
    public int lookupAndDeleteBatch(BatchCursor cursor, MemorySegment keys, MemorySegment values, int max) {
        return lookupBatch(cursor, keys, values, max, BatchOp.LOOKUP_AND_DELETE);
    }

    private int lookupBatch(BatchCursor cursor, MemorySegment keys, MemorySegment values, int max, BatchOp op) {
        Objects.requireNonNull(cursor, "cursor");
        checkBatch(keys, values, max);
        refuseIfForced(op);
        long res = MapCalls.lookupBatch(op == BatchOp.LOOKUP_AND_DELETE, fd.get(), cursor.inToken(),
                cursor.outToken(), keys, values, max, 0);
        int r = MapCalls.BatchResult.ret(res);
        int count = MapCalls.BatchResult.count(res);
        if (r == 0 || r == -Errno.ENOENT.number()) {
            cursor.advance(r != 0);
            return count;
        }
        throw batchError(op, -r);
    }

    /**
     * Writes {@code count} packed keys and values.
     *
     * @return the number written (all of them, or the exception says how many were)
     */
    public int updateBatch(MemorySegment keys, MemorySegment values, int count, UpdateFlag flag) {
        checkBatch(keys, values, count);
        Objects.requireNonNull(flag, "flag");
        refuseIfForced(BatchOp.UPDATE);
        long res = MapCalls.updateBatch(fd.get(), keys, values, count, flag.value());
        int r = MapCalls.BatchResult.ret(res);
        if (r == 0) {
            return MapCalls.BatchResult.count(res);
        }
        int errno = -r;
        if (errno == Errno.E2BIG.number() || errno == Errno.ENOSPC.number()) {
            throw new MapFullException("bpf_map_update_batch(" + this + ") after " + MapCalls.BatchResult.count(res)
                    + " elements", errno, info.maxEntries());
        }
        throw batchError(BatchOp.UPDATE, errno);
    }

    /**
     * Deletes {@code count} packed keys. The kernel stops at the first absent key: the result says how
     * many keys it deleted before it, and whether it stopped there.
     *
     * @return how many keys were deleted, and whether the kernel stopped at an absent key (the one at
     *         index {@link BatchResult#count()})
     * @throws BpfException with the kernel's errno when it refuses (as {@link #lookupBatch})
     */
    public BatchResult deleteBatch(MemorySegment keys, int count) {
        checkBatch(keys, null, count);
        refuseIfForced(BatchOp.DELETE);
        long res = MapCalls.deleteBatch(fd.get(), keys, count);
        int r = MapCalls.BatchResult.ret(res);
        if (r == 0 || r == -Errno.ENOENT.number()) {
            return new BatchResult(MapCalls.BatchResult.count(res), r != 0);
        }
        throw batchError(BatchOp.DELETE, -r);
    }

    /**
     * Whether batch operation {@code op} is known to work here: false once the kernel refused it for
     * this map (EINVAL, EOPNOTSUPP, ENOTSUPP), or when batch operations are forced off.
     */
    public boolean batchSupported(BatchOp op) {
        return !forceBatchFallback && (batchUnsupported & op.bit()) == 0;
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

    /**
     * Closes the map's descriptor when this RawMap owns it ({@link #create}, {@link #openPinned}); for a
     * {@linkplain #wrap(int) wrapped} fd or a map of a loaded object it only makes this RawMap refuse
     * further use. Idempotent.
     */
    @Override
    public void close() {
        fd.close();
    }

    /** Whether {@link #close()} was called (or, for a map of a loaded object, the object was closed). */
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

    private void refuseIfForced(BatchOp op) {
        if (forceBatchFallback) {
            throw batchError("batch operation (forced off)", op, Errno.EOPNOTSUPP.number());
        }
    }

    private BpfException batchError(BatchOp op, int errno) {
        return batchError(op.call(), op, errno);
    }

    private BpfException batchError(String call, BatchOp op, int errno) {
        BpfException e = Check.error(OpKind.MAP, call + "(" + this + ")", errno);
        if (isUnsupported(e)) {
            batchUnsupported |= op.bit();
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
        throw Check.error(OpKind.MAP, call + "(" + this + ")", -r);
    }

    private BpfException updateError(String call, int errno) {
        if (errno == Errno.E2BIG.number() || errno == Errno.ENOSPC.number()) {
            return new MapFullException(call + "(" + this + ")", errno, info.maxEntries());
        }
        return Check.error(OpKind.MAP, call + "(" + this + ")", errno);
    }
}
