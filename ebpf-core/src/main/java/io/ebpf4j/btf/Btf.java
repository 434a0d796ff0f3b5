package io.ebpf4j.btf;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.internal.btf.BorrowedBtf;
import io.ebpf4j.internal.libbpf.BtfCalls;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * BPF Type Format data: the kernel's ({@link #vmlinux()}), a kernel module's ({@link #module(String)}),
 * or a BPF object's ({@link #fromFile(Path)}), parsed by libbpf.
 *
 * <p>Types are decoded lazily, on first request, and cached: vmlinux has well over 100,000 of them.
 * The decoded {@link BtfType} records are plain data and stay valid after {@link #close()}; every
 * lookup on a closed {@code Btf} throws a {@link BpfException}. A {@code Btf} is safe to use from
 * several threads. Close it (try-with-resources); an unclosed one is freed by the garbage collector
 * with a warning.
 *
 * <p>Split BTF (a module's) sees the types of its base too: ids below {@link #firstOwnId()} are the
 * base's. Closing a base also closes the split BTF built on it.
 */
@SuppressWarnings("try") // try (NativeBtf.Access a = ...) holds a read lock for the block
public final class Btf implements AutoCloseable {
    /** Where the kernel exposes its BTF. */
    public static final Path SYSFS_BTF = Path.of("/sys/kernel/btf");
    private static final int MAX_TYPE_COUNT = 1 << 24;

    static {
        BorrowedBtf.install(MethodHandles.lookup(), new BorrowedBtf.Factory<Btf>() {
            @Override
            public Btf borrow(MemorySegment btf, String what, Object keepAlive) {
                return BtfLoader.borrow(btf, what, keepAlive);
            }

            @Override
            public MemorySegment pointer(Btf btf) {
                if (btf.isClosed()) {
                    throw new BpfException("using " + btf.what(), "it was closed");
                }
                return btf.handle.ptr();
            }
        });
    }

    private final NativeBtf handle;
    private final Btf base;
    private final boolean ownsBase;
    private final Object keepAlive;
    private final int typeCount;
    private final int firstOwnId;
    private final AtomicReferenceArray<BtfType> cache;
    private final Set<Btf> dependents = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private volatile Map<String, int[]> nameIndex;
    private volatile Map<Integer, String> helperIds;
    private volatile int pointerSize;
    /** Alignments computed so far, by type id (see {@link BtfLayout}). */
    final Map<Integer, Integer> alignments = new java.util.concurrent.ConcurrentHashMap<>();

    /** Wraps {@code ptr}; {@code owned} ones are freed on close. Use {@link BtfLoader} to make one. */
    Btf(MemorySegment ptr, String what, boolean owned, Btf base, boolean ownsBase, Object keepAlive) {
        this.handle = new NativeBtf(ptr, what, owned ? this : null);
        this.base = base;
        this.ownsBase = ownsBase;
        this.keepAlive = keepAlive;
        int count = BtfCalls.typeCount(ptr);
        if (count <= 0 || count > MAX_TYPE_COUNT) {
            handle.close();
            throw new BpfException("reading BTF from " + what, "libbpf reports " + count + " types");
        }
        this.typeCount = count;
        this.firstOwnId = base == null ? 1 : base.typeCount;
        this.cache = new AtomicReferenceArray<>(count - firstOwnId + 1);
        if (base != null) {
            base.dependents.add(this);
        }
    }

    // ---------------------------------------------------------------- factories

    /**
     * The running kernel's BTF, from {@code /sys/kernel/btf/vmlinux} (or, as libbpf does, a vmlinux
     * image under {@code /boot} or {@code /lib/modules}).
     *
     * @throws io.ebpf4j.kernel.MissingFeatureException when the kernel has no BTF
     */
    public static Btf vmlinux() {
        return BtfLoader.vmlinux();
    }

    /**
     * BTF from a file: an ELF object with a {@code .BTF} section (a BPF object built with
     * {@code clang -g}, or a vmlinux image) or a raw BTF file (such as BTFHub's {@code .btf} files).
     *
     * @throws BpfException if the file is missing, unreadable, truncated, or holds no BTF
     */
    public static Btf fromFile(Path path) {
        return BtfLoader.fromFile(path);
    }

    /**
     * Split BTF from a file (a module's BTF, or a raw split BTF blob) on top of {@code base}. The base
     * must stay open while the result is used; closing the base closes the result too.
     */
    public static Btf fromFile(Path path, Btf base) {
        return BtfLoader.fromFile(path, base);
    }

    /**
     * BTF from raw bytes (a {@code .BTF} section's contents or a raw BTF file's). libbpf copies them.
     *
     * @throws BpfException if the bytes are not well-formed BTF
     */
    public static Btf fromBytes(byte[] data) {
        return BtfLoader.fromBytes(data, null);
    }

    /**
     * Split BTF from raw bytes on top of {@code base} (or plain BTF when {@code base} is null). The
     * base must stay open while the result is used; closing the base closes the result too.
     */
    public static Btf fromBytes(byte[] data, Btf base) {
        return BtfLoader.fromBytes(data, base);
    }

    /**
     * The BTF of the loaded kernel module {@code moduleName} ({@code /sys/kernel/btf/<module>}), split
     * on top of a vmlinux BTF that the result loads and owns.
     *
     * @throws BpfException if the module is not loaded or has no BTF
     */
    public static Btf module(String moduleName) {
        Btf vmlinux = vmlinux();
        try {
            return BtfLoader.module(moduleName, vmlinux, true);
        } catch (RuntimeException e) {
            vmlinux.close();
            throw e;
        }
    }

    /**
     * The BTF of the loaded kernel module {@code moduleName} on top of {@code vmlinux}, which must stay
     * open while the result is used (closing it closes the result).
     */
    public static Btf module(String moduleName, Btf vmlinux) {
        return BtfLoader.module(moduleName, vmlinux, false);
    }

    /** The names of the loaded kernel modules that have BTF (the entries of {@code /sys/kernel/btf} but vmlinux). */
    public static List<String> moduleNames() {
        return BtfErrors.moduleNames();
    }

    // ---------------------------------------------------------------- lookups

    /** The number of type ids, including void (id 0) and, for split BTF, the base's types. */
    public int typeCount() {
        return typeCount;
    }

    /** The first id defined by this BTF itself: 1, or for split BTF the base's {@link #typeCount()}. */
    public int firstOwnId() {
        return firstOwnId;
    }

    /** The base of split BTF, if this is split BTF. */
    public Optional<Btf> base() {
        return Optional.ofNullable(base);
    }

    /**
     * The type with id {@code id}, decoded on first request.
     *
     * @throws BpfException if {@code id} is out of range or this BTF was closed
     */
    public BtfType type(int id) {
        if (id < 0 || id >= typeCount) {
            throw new BpfException("looking up BTF type " + id + " in " + handle.what(),
                    "no such type id (valid ids are 0.." + (typeCount - 1) + ")");
        }
        if (id == 0) {
            return new BtfType.Void(0);
        }
        if (id < firstOwnId) {
            return base.type(id);
        }
        int slot = id - firstOwnId;
        BtfType t = cache.get(slot);
        if (t != null) {
            return t;
        }
        try (NativeBtf.Access a = handle.read()) {
            MemorySegment p = BtfCalls.typeById(handle.ptr(), id);
            if (p.equals(MemorySegment.NULL)) {
                throw new BpfException("looking up BTF type " + id + " in " + handle.what(), "libbpf has no such type");
            }
            try {
                t = BtfDecoder.decode(id, p, this::nameUnlocked);
            } catch (IllegalArgumentException e) {
                throw new BpfException("decoding BTF type [" + id + "] of " + handle.what(), e.getMessage());
            }
        }
        cache.compareAndSet(slot, null, t);
        return cache.get(slot);
    }

    /** The type with id {@code id}, which must be of class {@code type}. */
    public <T extends BtfType> T type(int id, Class<T> type) {
        BtfType t = type(id);
        if (!type.isInstance(t)) {
            throw new BpfException("looking up BTF type " + id + " in " + handle.what(),
                    "it is a " + t.kind() + ", not a " + type.getSimpleName());
        }
        return type.cast(t);
    }

    /**
     * The first type named {@code name} of kind {@code kind} (libbpf's {@code btf__find_by_name_kind},
     * or the name index once {@link #findAll} or {@link #names} built it). {@code "void"} with
     * {@link BtfKind#VOID} finds id 0.
     */
    public Optional<BtfType> find(String name, BtfKind kind) {
        if (name == null || name.isEmpty() || name.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Map<String, int[]> idx = nameIndex;
        if (idx != null && kind != BtfKind.VOID) { // once the index exists, it answers without a linear scan
            int[] ids = idx.get(name);
            return ids == null ? Optional.empty()
                    : IntStream.of(ids).mapToObj(this::type).filter(t -> t.kind() == kind).findFirst();
        }
        int id;
        try (Arena arena = Arena.ofConfined(); NativeBtf.Access a = handle.read()) {
            id = BtfCalls.findByNameKind(handle.ptr(), arena.allocateFrom(name), kind.number());
        }
        if (id == -Errno.ENOENT.number()) {
            return Optional.empty();
        }
        Check.check(id, OpKind.BTF, "finding BTF " + kind + " " + name + " in " + handle.what());
        return Optional.of(type(id));
    }

    /** The first type named {@code name} of the record class {@code type} (e.g. {@code BtfType.Struct.class}). */
    public <T extends BtfType> Optional<T> find(String name, Class<T> type) {
        return find(name, BtfKinds.kindOf(type)).map(type::cast);
    }

    /** Every type named {@code name}, of any kind, in id order. */
    public List<BtfType> findAll(String name) {
        int[] ids = nameIndex().get(name);
        if (ids == null) {
            return List.of();
        }
        return IntStream.of(ids).mapToObj(this::type).toList();
    }

    /** The names of all named types (structs, functions, typedefs...), each once. */
    public Set<String> names() {
        return Collections.unmodifiableSet(nameIndex().keySet());
    }

    /** All types but void, in id order (for split BTF, the base's first), decoded as the stream reaches them. */
    public Stream<BtfType> types() {
        return IntStream.range(1, typeCount).mapToObj(this::type);
    }

    // ---------------------------------------------------------------- layout

    /** The target's pointer size in bytes, as libbpf determines it (8 on 64-bit targets). */
    public int pointerSize() {
        int size = pointerSize;
        if (size == 0) {
            long n;
            try (NativeBtf.Access a = handle.read()) {
                n = BtfCalls.pointerSize(handle.ptr());
            }
            size = n > 0 && n <= 8 ? (int) n : (int) ValueLayout.ADDRESS.byteSize();
            pointerSize = size;
        }
        return size;
    }

    /**
     * The size in bytes of {@code type}, following typedefs, qualifiers, variables and arrays, as
     * libbpf's {@code btf__resolve_size} computes it.
     *
     * @throws BpfException for types without a size (void, functions, forward declarations)
     */
    public long sizeOf(BtfType type) {
        return BtfLayout.sizeOf(this, type);
    }

    /**
     * The alignment in bytes of {@code type}, as libbpf's {@code btf__align_of} computes it (1 for a
     * packed struct).
     *
     * @throws BpfException for types without an alignment
     */
    public int alignOf(BtfType type) {
        return BtfLayout.alignOf(this, type);
    }

    /** {@code type} with typedefs, const, volatile, restrict and type tags skipped. */
    public BtfType resolve(BtfType type) {
        return BtfLayout.resolve(this, type);
    }

    /**
     * The member {@code path} of the struct or union {@code type} (after {@link #resolve}), with its
     * offset from the start of {@code type}. Members of anonymous nested structs and unions are found
     * by their own names; a dotted path ({@code "sk_common.skc_family"}) descends into named members
     * that are structs or unions.
     */
    public Optional<ResolvedMember> member(BtfType type, String path) {
        return BtfMembers.find(this, type, path);
    }

    /** The layout of the struct or union {@code type}, for checking a Java record or codec against it. */
    public StructShape shape(BtfType type) {
        return StructShape.of(this, type);
    }

    // ---------------------------------------------------------------- helpers for the rest of ebpf4j

    /**
     * The kernel's BPF helper functions from {@code enum bpf_func_id}: id to name, e.g. 1 to
     * {@code "bpf_map_lookup_elem"}. Empty when this BTF has no such enum.
     */
    public Map<Integer, String> helperIds() {
        Map<Integer, String> m = helperIds;
        if (m == null) {
            m = HelperIds.of(this);
            helperIds = m;
        }
        return m;
    }

    /** The data sections ({@code .data}, {@code .rodata}, {@code .bss}, ...). */
    public List<BtfType.DataSec> dataSections() {
        return types().filter(t -> t instanceof BtfType.DataSec).map(t -> (BtfType.DataSec) t).toList();
    }

    /** The variables of data section {@code section} (e.g. {@code ".rodata"}), in section order; empty when absent. */
    public List<GlobalVariable> variables(String section) {
        return GlobalVariable.of(this, section);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return handle.isClosed();
    }

    /**
     * Frees the BTF (unless it is borrowed) and, first, any split BTF built on it. Idempotent.
     */
    @Override
    public void close() {
        handle.close(() -> {
            Btf[] children;
            synchronized (dependents) {
                children = dependents.toArray(Btf[]::new);
            }
            for (Btf child : children) {
                child.close();
            }
        });
        if (base != null) {
            base.dependents.remove(this);
            if (ownsBase) {
                base.close();
            }
        }
    }

    @Override
    public String toString() {
        return handle.what() + " (" + typeCount + " types" + (handle.isClosed() ? ", closed)" : ")");
    }

    String what() {
        return handle.what();
    }

    NativeBtf handle() {
        return handle;
    }

    /** libbpf's size of type {@code id} ({@code btf__resolve_size}), or -errno. */
    long libbpfSizeOf(int id) {
        try (NativeBtf.Access a = handle.read()) {
            return BtfCalls.resolveSize(handle.ptr(), id);
        }
    }

    /** libbpf's alignment of type {@code id} ({@code btf__align_of}), or -errno. */
    int libbpfAlignOf(int id) {
        try (NativeBtf.Access a = handle.read()) {
            return BtfCalls.alignOf(handle.ptr(), id);
        }
    }

    /** The raw bytes of this BTF (for split BTF, only its own part). */
    public byte[] rawBytes() {
        try (NativeBtf.Access a = handle.read()) {
            byte[] raw = BtfCalls.rawData(handle.ptr());
            if (raw == null) {
                throw new BpfException("reading the raw bytes of " + handle.what(), "libbpf could not produce them");
            }
            return raw;
        }
    }

    private String nameUnlocked(int offset) {
        if (offset == 0) {
            return "";
        }
        MemorySegment s = BtfCalls.nameByOffset(handle.ptr(), offset);
        if (s.equals(MemorySegment.NULL)) {
            throw new BpfException("reading a name in " + handle.what(), "string offset " + Integer.toUnsignedString(offset)
                    + " is outside the string section: the BTF is corrupt");
        }
        return s.reinterpret(Long.MAX_VALUE).getString(0);
    }

    private Map<String, int[]> nameIndex() {
        Map<String, int[]> idx = nameIndex;
        if (idx != null) {
            return idx;
        }
        synchronized (this) {
            if (nameIndex != null) {
                return nameIndex;
            }
            Map<String, int[]> built = new HashMap<>();
            try (NativeBtf.Access a = handle.read()) {
                for (int id = 1; id < typeCount; id++) {
                    MemorySegment p = BtfCalls.typeById(handle.ptr(), id);
                    if (p.equals(MemorySegment.NULL)) {
                        continue;
                    }
                    int nameOff = BtfDecoder.header(p).nameOff();
                    if (nameOff != 0) {
                        built.merge(nameUnlocked(nameOff), new int[] {id}, Btf::concat);
                    }
                }
            }
            nameIndex = built;
            return built;
        }
    }

    private static int[] concat(int[] a, int[] b) {
        int[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
