package io.ebpf4j.internal.libbpf;

import io.ebpf4j.internal.os.LibC;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A deliberately tiny reader of the running kernel's BTF (libbpf {@code btf__load_vmlinux_btf}): the
 * values of one enum (for {@code enum bpf_func_id}, the helper ids) and the id of one named type (a
 * function to point a probe fentry program at).
 *
 * <p>Stopgap: the full {@code io.ebpf4j.btf} package replaces this class; nothing else in ebpf4j
 * reads BTF through it, so swapping it is a change to this file and its two callers in
 * {@code io.ebpf4j.features}.
 */
public final class VmlinuxBtfLookup implements AutoCloseable {
    /** BTF_KIND_ENUM. */
    private static final int KIND_ENUM = 6;
    /** BTF_KIND_TYPEDEF. */
    public static final int KIND_TYPEDEF = 8;
    /** BTF_KIND_FUNC. */
    public static final int KIND_FUNC = 12;
    private static final int TYPE_HEADER = 12;
    private static final int ENUM_ENTRY = 8;

    private static final ValueLayout.OfInt I = ValueLayout.JAVA_INT;
    private static final java.lang.foreign.AddressLayout P = ValueLayout.ADDRESS;
    private static final MethodHandle LOAD = Downcalls.libbpfErrno("btf__load_vmlinux_btf", FunctionDescriptor.of(P));
    private static final MethodHandle FIND = Downcalls.libbpf("btf__find_by_name_kind",
            FunctionDescriptor.of(I, P, P, I));
    private static final MethodHandle TYPE_BY_ID = Downcalls.libbpf("btf__type_by_id", FunctionDescriptor.of(P, P, I));
    private static final MethodHandle NAME_BY_OFFSET = Downcalls.libbpf("btf__name_by_offset",
            FunctionDescriptor.of(P, P, I));
    private static final MethodHandle FREE = Downcalls.libbpf("btf__free", FunctionDescriptor.ofVoid(P));

    private MemorySegment btf;

    private VmlinuxBtfLookup(MemorySegment btf) {
        this.btf = btf;
    }

    /**
     * Loads the kernel's BTF, or returns an error text (errno and what it means) when it cannot.
     */
    public static Result open() {
        if (!LibBpf.isAvailable()) {
            return new Result(null, "libbpf is unavailable");
        }
        try {
            MemorySegment cs = Errno.captureSegment();
            MemorySegment p = (MemorySegment) LOAD.invokeExact(cs);
            if (p.equals(MemorySegment.NULL)) { // libbpf 1.x: NULL and errno on error
                int errno = Errno.read(cs);
                return new Result(null, "btf__load_vmlinux_btf failed: " + io.ebpf4j.Errno.nameOf(errno));
            }
            return new Result(new VmlinuxBtfLookup(p), null);
        } catch (Throwable t) {
            return new Result(null, t.getMessage());
        }
    }

    /** Either a lookup or why there is none. */
    public record Result(VmlinuxBtfLookup lookup, String error) {}

    /** The values of {@code enum name}, in declaration order, or empty if there is no such enum. */
    public Map<String, Integer> enumValues(String name) {
        int id = typeId(name, KIND_ENUM);
        if (id <= 0) {
            return Map.of();
        }
        try {
            MemorySegment head = ((MemorySegment) TYPE_BY_ID.invokeExact(btf, id)).reinterpret(TYPE_HEADER);
            int vlen = head.get(I, 4) & 0xffff;
            MemorySegment type = head.reinterpret(TYPE_HEADER + (long) vlen * ENUM_ENTRY);
            Map<String, Integer> out = new LinkedHashMap<>();
            for (int i = 0; i < vlen; i++) {
                long at = TYPE_HEADER + (long) i * ENUM_ENTRY;
                out.put(name(type.get(I, at)), type.get(I, at + 4));
            }
            return out;
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
    }

    /** The BTF id of the type {@code name} of {@code kind}, or a non-positive number if absent. */
    public int typeId(String name, int kind) {
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            return (int) FIND.invokeExact(btf(), arena.allocateFrom(name), kind);
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        }
    }

    /** The id of the type {@code name} of {@code kind}, if BTF describes it. */
    public Optional<Integer> find(String name, int kind) {
        int id = typeId(name, kind);
        return id > 0 ? Optional.of(id) : Optional.empty();
    }

    private String name(int offset) throws Throwable {
        MemorySegment s = (MemorySegment) NAME_BY_OFFSET.invokeExact(btf, offset);
        return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(4096).getString(0, StandardCharsets.UTF_8);
    }

    private MemorySegment btf() {
        if (btf == null) {
            throw new io.ebpf4j.BpfException("reading vmlinux BTF", "the lookup was closed");
        }
        return btf;
    }

    @Override
    public void close() {
        if (btf != null) {
            try {
                FREE.invokeExact(btf);
            } catch (Throwable t) {
                throw LibC.rethrow(t);
            } finally {
                btf = null;
            }
        }
    }
}
