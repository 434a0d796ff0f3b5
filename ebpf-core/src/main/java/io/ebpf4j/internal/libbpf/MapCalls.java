package io.ebpf4j.internal.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.Downcalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

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

    private static final MethodHandle CREATE = Symbols.libbpf("bpf_map_create",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle LOOKUP = Symbols.libbpf("bpf_map_lookup_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle LOOKUP_FLAGS = Symbols.libbpf("bpf_map_lookup_elem_flags",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle UPDATE = Symbols.libbpf("bpf_map_update_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle DELETE = Symbols.libbpf("bpf_map_delete_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle NEXT_KEY = Symbols.libbpf("bpf_map_get_next_key",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle LOOKUP_AND_DELETE = Symbols.libbpf("bpf_map_lookup_and_delete_elem",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle FREEZE = Symbols.libbpf("bpf_map_freeze",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final FunctionDescriptor LOOKUP_BATCH_FD = FunctionDescriptor.of(JAVA_INT,
            JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle LOOKUP_BATCH = Symbols.libbpf("bpf_map_lookup_batch", LOOKUP_BATCH_FD);
    private static final MethodHandle LOOKUP_AND_DELETE_BATCH =
            Symbols.libbpf("bpf_map_lookup_and_delete_batch", LOOKUP_BATCH_FD);
    private static final MethodHandle UPDATE_BATCH = Symbols.libbpf("bpf_map_update_batch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle DELETE_BATCH = Symbols.libbpf("bpf_map_delete_batch",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle OBJ_PIN = Symbols.libbpf("bpf_obj_pin",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle OBJ_GET = Symbols.libbpf("bpf_obj_get",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GET_INFO = Symbols.libbpf("bpf_obj_get_info_by_fd",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle NUM_POSSIBLE_CPUS = Symbols.libbpf("libbpf_num_possible_cpus",
            FunctionDescriptor.of(JAVA_INT));

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
        try {
            return (int) CREATE.invokeExact(type, name, keySize, valueSize, maxEntries, opts);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_lookup_elem: 0 or -errno (-ENOENT when absent). */
    public static int lookup(int fd, MemorySegment key, MemorySegment value) {
        try {
            return (int) LOOKUP.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_lookup_elem_flags (BPF_F_LOCK): 0 or -errno. */
    public static int lookupFlags(int fd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) LOOKUP_FLAGS.invokeExact(fd, key, value, flags);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_update_elem: 0 or -errno. */
    public static int update(int fd, MemorySegment key, MemorySegment value, long flags) {
        try {
            return (int) UPDATE.invokeExact(fd, key, value, flags);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_delete_elem: 0 or -errno. */
    public static int delete(int fd, MemorySegment key) {
        try {
            return (int) DELETE.invokeExact(fd, key);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_get_next_key: 0 or -errno (-ENOENT at the end). {@code key} may be NULL for the first. */
    public static int nextKey(int fd, MemorySegment key, MemorySegment nextKey) {
        try {
            return (int) NEXT_KEY.invokeExact(fd, key, nextKey);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_lookup_and_delete_elem: 0 or -errno. {@code key} is NULL for queues and stacks. */
    public static int lookupAndDelete(int fd, MemorySegment key, MemorySegment value) {
        try {
            return (int) LOOKUP_AND_DELETE.invokeExact(fd, key, value);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_freeze: 0 or -errno. */
    public static int freeze(int fd) {
        try {
            return (int) FREEZE.invokeExact(fd);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
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
        try {
            int r = delete
                    ? (int) LOOKUP_AND_DELETE_BATCH.invokeExact(fd, inBatch, outBatch, keys, values, countCell, opts)
                    : (int) LOOKUP_BATCH.invokeExact(fd, inBatch, outBatch, keys, values, countCell, opts);
            return BatchResult.of(r, countCell.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_update_batch; see {@link BatchResult} for the result. */
    public static long updateBatch(int fd, MemorySegment keys, MemorySegment values, int count, long elemFlags) {
        MemorySegment s = BATCH_SCRATCH.get();
        MemorySegment opts = writeBatchOpts(s, elemFlags);
        MemorySegment countCell = s.asSlice(BATCH_OPTS_SIZE, 4);
        countCell.set(JAVA_INT, 0, count);
        try {
            int r = (int) UPDATE_BATCH.invokeExact(fd, keys, values, countCell, opts);
            return BatchResult.of(r, countCell.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_map_delete_batch; see {@link BatchResult} for the result. */
    public static long deleteBatch(int fd, MemorySegment keys, int count) {
        MemorySegment s = BATCH_SCRATCH.get();
        MemorySegment opts = writeBatchOpts(s, 0);
        MemorySegment countCell = s.asSlice(BATCH_OPTS_SIZE, 4);
        countCell.set(JAVA_INT, 0, count);
        try {
            int r = (int) DELETE_BATCH.invokeExact(fd, keys, countCell, opts);
            return BatchResult.of(r, countCell.get(JAVA_INT, 0));
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_obj_pin: 0 or -errno. */
    public static int pin(int fd, MemorySegment path) {
        try {
            return (int) OBJ_PIN.invokeExact(fd, path);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_obj_get: a new fd for the pinned object, or -errno. */
    public static int objGet(MemorySegment path) {
        try {
            return (int) OBJ_GET.invokeExact(path);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** bpf_obj_get_info_by_fd: 0 or -errno; {@code infoLen} is a u32 cell holding the buffer size. */
    public static int objInfo(int fd, MemorySegment info, MemorySegment infoLen) {
        try {
            return (int) GET_INFO.invokeExact(fd, info, infoLen);
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
    }

    /** libbpf_num_possible_cpus, cached: the number of slots in a per-CPU value. */
    public static int numPossibleCpus() {
        int n = possibleCpus;
        if (n > 0) {
            return n;
        }
        try {
            n = (int) NUM_POSSIBLE_CPUS.invokeExact();
        } catch (Throwable t) {
            throw Downcalls.rethrow(t);
        }
        possibleCpus = Check.check(n, "libbpf_num_possible_cpus");
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
