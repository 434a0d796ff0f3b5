package io.ebpf4j.internal.libbpf;

import static io.ebpf4j.internal.ffi.ErrnoMode.RETURNED;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Bindings for libbpf's map calls (bpf/bpf.h): creation, element and batch operations, pinning,
 * {@code bpf_obj_get_info_by_fd} and freezing.
 *
 * <p>Every wrapper returns what libbpf 1.x returns: a non-negative result, or {@code -errno}. Pointer
 * arguments are passed as they are; callers check sizes in Java first. The {@code *_opts} structs are
 * laid out as of libbpf 1.0/1.1 with {@code sz} set to that layout's size.
 */
public final class MapCalls {
    /** sizeof(struct bpf_map_create_opts) as of libbpf 1.0 (last field map_ifindex). */
    public static final int CREATE_OPTS_SIZE = 48;
    /** sizeof(struct bpf_map_batch_opts) (last field flags). */
    public static final int BATCH_OPTS_SIZE = 24;
    /** sizeof(struct bpf_map_info) as of Linux 5.16 (last field map_extra). */
    public static final int MAP_INFO_SIZE = 88;

    /** Offsets in struct bpf_map_info. */
    public static final long INFO_TYPE = 0, INFO_ID = 4, INFO_KEY_SIZE = 8, INFO_VALUE_SIZE = 12,
            INFO_MAX_ENTRIES = 16, INFO_MAP_FLAGS = 20, INFO_NAME = 24, INFO_NAME_LEN = 16, INFO_IFINDEX = 40,
            INFO_BTF_VMLINUX_VALUE_TYPE_ID = 44, INFO_BTF_ID = 64, INFO_BTF_KEY_TYPE_ID = 68,
            INFO_BTF_VALUE_TYPE_ID = 72, INFO_MAP_EXTRA = 80;

    /** The C functions bound below (public only because bindings need public interfaces; C is private). */
    private interface C {
        interface Create {
            int call(int type, MemorySegment name, int keySize, int valueSize, int maxEntries, MemorySegment opts);
        }
        interface KeyValue { int call(int fd, MemorySegment key, MemorySegment value); }
        interface KeyValueFlags { int call(int fd, MemorySegment key, MemorySegment value, long flags); }
        interface Key { int call(int fd, MemorySegment key); }
        interface Freeze { int call(int fd); }
        interface LookupBatch {
            int call(int fd, MemorySegment inBatch, MemorySegment outBatch, MemorySegment keys, MemorySegment values,
                    MemorySegment count, MemorySegment opts);
        }
        interface UpdateBatch {
            int call(int fd, MemorySegment keys, MemorySegment values, MemorySegment count, MemorySegment opts);
        }
        interface DeleteBatch { int call(int fd, MemorySegment keys, MemorySegment count, MemorySegment opts); }
        interface ObjPin { int call(int fd, MemorySegment path); }
        interface ObjGet { int call(MemorySegment path); }
        interface ObjInfo { int call(int fd, MemorySegment info, MemorySegment infoLen); }
        interface NumPossibleCpus { int call(); }
    }

    private static final C.Create CREATE = Symbols.bind("bpf_map_create", C.Create.class, RETURNED);
    private static final C.KeyValue LOOKUP = Symbols.bind("bpf_map_lookup_elem", C.KeyValue.class, RETURNED);
    private static final C.KeyValueFlags LOOKUP_FLAGS =
            Symbols.bind("bpf_map_lookup_elem_flags", C.KeyValueFlags.class, RETURNED);
    private static final C.KeyValueFlags UPDATE = Symbols.bind("bpf_map_update_elem", C.KeyValueFlags.class, RETURNED);
    private static final C.Key DELETE = Symbols.bind("bpf_map_delete_elem", C.Key.class, RETURNED);
    private static final C.KeyValue NEXT_KEY = Symbols.bind("bpf_map_get_next_key", C.KeyValue.class, RETURNED);
    private static final C.KeyValue LOOKUP_AND_DELETE =
            Symbols.bind("bpf_map_lookup_and_delete_elem", C.KeyValue.class, RETURNED);
    private static final C.Freeze FREEZE = Symbols.bind("bpf_map_freeze", C.Freeze.class, RETURNED);
    private static final C.LookupBatch LOOKUP_BATCH = Symbols.bind("bpf_map_lookup_batch", C.LookupBatch.class, RETURNED);
    private static final C.LookupBatch LOOKUP_AND_DELETE_BATCH =
            Symbols.bind("bpf_map_lookup_and_delete_batch", C.LookupBatch.class, RETURNED);
    private static final C.UpdateBatch UPDATE_BATCH = Symbols.bind("bpf_map_update_batch", C.UpdateBatch.class, RETURNED);
    private static final C.DeleteBatch DELETE_BATCH = Symbols.bind("bpf_map_delete_batch", C.DeleteBatch.class, RETURNED);
    private static final C.ObjPin OBJ_PIN = Symbols.bind("bpf_obj_pin", C.ObjPin.class, RETURNED);
    private static final C.ObjGet OBJ_GET = Symbols.bind("bpf_obj_get", C.ObjGet.class, RETURNED);
    private static final C.ObjInfo GET_INFO = Symbols.bind("bpf_obj_get_info_by_fd", C.ObjInfo.class, RETURNED);
    private static final C.NumPossibleCpus NUM_POSSIBLE_CPUS =
            Symbols.bind("libbpf_num_possible_cpus", C.NumPossibleCpus.class, RETURNED);

    /** Per-thread batch opts and count cell: batch calls allocate nothing. */
    private static final ThreadLocal<MemorySegment> BATCH_SCRATCH =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(BATCH_OPTS_SIZE + 8, 8));

    private static volatile int possibleCpus;

    private MapCalls() {}

    /**
     * Writes a {@code struct bpf_map_create_opts} (libbpf 1.0 layout) into {@code opts}, which must
     * be at least {@link #CREATE_OPTS_SIZE} bytes and zeroed.
     */
    public static void writeCreateOpts(MemorySegment opts, int btfFd, int btfKeyTypeId, int btfValueTypeId,
            int innerMapFd, int mapFlags, long mapExtra, int numaNode, int ifindex) {
        opts.set(JAVA_LONG, 0, CREATE_OPTS_SIZE);
        opts.set(JAVA_INT, 8, btfFd);
        opts.set(JAVA_INT, 12, btfKeyTypeId);
        opts.set(JAVA_INT, 16, btfValueTypeId);
        opts.set(JAVA_INT, 20, 0); // btf_vmlinux_value_type_id: struct_ops only
        opts.set(JAVA_INT, 24, innerMapFd);
        opts.set(JAVA_INT, 28, mapFlags);
        opts.set(JAVA_LONG, 32, mapExtra);
        opts.set(JAVA_INT, 40, numaNode);
        opts.set(JAVA_INT, 44, ifindex);
    }

    /** bpf_map_create: a new map fd, or -errno. {@code name} is a C string or NULL. */
    public static int create(int type, MemorySegment name, int keySize, int valueSize, int maxEntries,
            MemorySegment opts) {
        return CREATE.call(type, name, keySize, valueSize, maxEntries, opts);
    }

    /** bpf_map_lookup_elem: 0 or -errno (-ENOENT when absent). */
    public static int lookup(int fd, MemorySegment key, MemorySegment value) {
        return LOOKUP.call(fd, key, value);
    }

    /** bpf_map_lookup_elem_flags (BPF_F_LOCK): 0 or -errno. */
    public static int lookupFlags(int fd, MemorySegment key, MemorySegment value, long flags) {
        return LOOKUP_FLAGS.call(fd, key, value, flags);
    }

    /** bpf_map_update_elem: 0 or -errno. */
    public static int update(int fd, MemorySegment key, MemorySegment value, long flags) {
        return UPDATE.call(fd, key, value, flags);
    }

    /** bpf_map_delete_elem: 0 or -errno. */
    public static int delete(int fd, MemorySegment key) {
        return DELETE.call(fd, key);
    }

    /** bpf_map_get_next_key: 0 or -errno (-ENOENT at the end). {@code key} may be NULL for the first. */
    public static int nextKey(int fd, MemorySegment key, MemorySegment nextKey) {
        return NEXT_KEY.call(fd, key, nextKey);
    }

    /** bpf_map_lookup_and_delete_elem: 0 or -errno. {@code key} is NULL for queues and stacks. */
    public static int lookupAndDelete(int fd, MemorySegment key, MemorySegment value) {
        return LOOKUP_AND_DELETE.call(fd, key, value);
    }

    /** bpf_map_freeze: 0 or -errno. */
    public static int freeze(int fd) {
        return FREEZE.call(fd);
    }

    /**
     * bpf_map_lookup_batch, or bpf_map_lookup_and_delete_batch when {@code delete}, for at most
     * {@code count} elements. The result packs libbpf's return value (-ENOENT once the map is exhausted)
     * and the number of elements read: see {@link BatchResult}.
     */
    public static long lookupBatch(boolean delete, int fd, MemorySegment inBatch, MemorySegment outBatch,
            MemorySegment keys, MemorySegment values, int count, long elemFlags) {
        MemorySegment s = BATCH_SCRATCH.get();
        MemorySegment opts = writeBatchOpts(s, elemFlags);
        MemorySegment countCell = s.asSlice(BATCH_OPTS_SIZE, 4);
        countCell.set(JAVA_INT, 0, count);
        int r = delete
                ? LOOKUP_AND_DELETE_BATCH.call(fd, inBatch, outBatch, keys, values, countCell, opts)
                : LOOKUP_BATCH.call(fd, inBatch, outBatch, keys, values, countCell, opts);
        return BatchResult.of(r, countCell.get(JAVA_INT, 0));
    }

    /** bpf_map_update_batch; see {@link BatchResult} for the result. */
    public static long updateBatch(int fd, MemorySegment keys, MemorySegment values, int count, long elemFlags) {
        MemorySegment s = BATCH_SCRATCH.get();
        MemorySegment opts = writeBatchOpts(s, elemFlags);
        MemorySegment countCell = s.asSlice(BATCH_OPTS_SIZE, 4);
        countCell.set(JAVA_INT, 0, count);
        int r = UPDATE_BATCH.call(fd, keys, values, countCell, opts);
        return BatchResult.of(r, countCell.get(JAVA_INT, 0));
    }

    /** bpf_map_delete_batch; see {@link BatchResult} for the result. */
    public static long deleteBatch(int fd, MemorySegment keys, int count) {
        MemorySegment s = BATCH_SCRATCH.get();
        MemorySegment opts = writeBatchOpts(s, 0);
        MemorySegment countCell = s.asSlice(BATCH_OPTS_SIZE, 4);
        countCell.set(JAVA_INT, 0, count);
        int r = DELETE_BATCH.call(fd, keys, countCell, opts);
        return BatchResult.of(r, countCell.get(JAVA_INT, 0));
    }

    /** bpf_obj_pin: 0 or -errno. */
    public static int pin(int fd, MemorySegment path) {
        return OBJ_PIN.call(fd, path);
    }

    /** bpf_obj_get: a new fd for the pinned object, or -errno. */
    public static int objGet(MemorySegment path) {
        return OBJ_GET.call(path);
    }

    /** bpf_obj_get_info_by_fd: 0 or -errno; {@code infoLen} is a u32 cell holding the buffer size. */
    public static int objInfo(int fd, MemorySegment info, MemorySegment infoLen) {
        return GET_INFO.call(fd, info, infoLen);
    }

    /** libbpf_num_possible_cpus, cached: the number of slots in a per-CPU value. */
    public static int numPossibleCpus() {
        int n = possibleCpus;
        if (n > 0) {
            return n;
        }
        n = NUM_POSSIBLE_CPUS.call();
        possibleCpus = Check.check(n, OpKind.SYSTEM, "libbpf_num_possible_cpus");
        return n;
    }

    private static MemorySegment writeBatchOpts(MemorySegment scratch, long elemFlags) {
        MemorySegment opts = scratch.asSlice(0, BATCH_OPTS_SIZE);
        opts.set(JAVA_LONG, 0, BATCH_OPTS_SIZE);
        opts.set(JAVA_LONG, 8, elemFlags);
        opts.set(JAVA_LONG, 16, 0L);
        return opts;
    }

    /**
     * Batch calls return two numbers: libbpf's result (0 or -errno) and the element count the kernel
     * wrote back (elements processed, also on error). They are packed into one long so that a batch
     * call allocates nothing.
     */
    public static final class BatchResult {
        private BatchResult() {}

        static long of(int ret, int count) {
            return ((long) ret << 32) | (count & 0xFFFFFFFFL);
        }

        /** libbpf's return value: 0 or -errno. */
        public static int ret(long result) {
            return (int) (result >> 32);
        }

        /** The count the kernel wrote back. */
        public static int count(long result) {
            return (int) result;
        }
    }
}
