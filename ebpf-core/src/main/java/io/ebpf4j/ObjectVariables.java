package io.ebpf4j;

import io.ebpf4j.btf.Btf;
import io.ebpf4j.btf.BtfType;
import io.ebpf4j.btf.CPrinter;
import io.ebpf4j.btf.GlobalVariable;
import io.ebpf4j.internal.btf.BorrowedBtf;
import io.ebpf4j.internal.libbpf.ObjectCalls;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an opened object's global variables and internal maps from its BTF. Uses the BTF of the opened
 * libbpf object, whose data-section offsets libbpf has filled in (clang leaves them 0 in the file).
 */
final class ObjectVariables {
    private static final String KSYMS = ".ksyms";

    private ObjectVariables() {}

    /**
     * The variables of every data section held by an internal map ({@code sectionMaps}: section name to
     * map name), and the {@code .ksyms} externs, which no map holds.
     */
    static List<VariableSpec> read(MemorySegment obj, String objectName, Map<String, String> sectionMaps) {
        MemorySegment ptr = ObjectCalls.btf(obj);
        if (ptr.equals(MemorySegment.NULL)) {
            return List.of();
        }
        List<VariableSpec> out = new ArrayList<>();
        try (Btf btf = BorrowedBtf.wrap(Btf.class, ptr, "BTF of " + objectName, obj)) {
            CPrinter printer = CPrinter.of(btf);
            for (BtfType.DataSec sec : btf.dataSections()) {
                String map = sec.name().equals(KSYMS) ? "" : sectionMaps.get(sec.name());
                if (map == null) {
                    continue;
                }
                VariableSpec.Origin origin = VariableSpec.Origin.ofSection(sec.name());
                for (GlobalVariable g : btf.variables(sec.name())) {
                    BtfType type = btf.resolve(btf.type(g.typeId()));
                    out.add(new VariableSpec(g.name(), sec.name(), map, (int) g.offset(), (int) g.size(),
                            kind(btf, type, g.size()), signed(type), printer.typeName(g.typeId()), origin));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Fills in the C names of each map's BTF key and value types and, for internal maps, the data section
     * each holds (libbpf gives an internal map its section's DATASEC as value type).
     */
    static void describeMaps(MemorySegment obj, String objectName, Iterable<ObjectMapSpec> maps) {
        MemorySegment ptr = ObjectCalls.btf(obj);
        if (ptr.equals(MemorySegment.NULL)) {
            return;
        }
        try (Btf btf = BorrowedBtf.wrap(Btf.class, ptr, "BTF of " + objectName, obj)) {
            CPrinter printer = CPrinter.of(btf);
            for (ObjectMapSpec m : maps) {
                m.setBtfTypeNames(m.btfKeyTypeId() > 0 ? printer.typeName(m.btfKeyTypeId()) : "",
                        m.btfValueTypeId() > 0 ? printer.typeName(m.btfValueTypeId()) : "");
                if (m.isInternal() && m.btfValueTypeId() > 0 && btf.type(m.btfValueTypeId()) instanceof BtfType.DataSec ds) {
                    m.setDataSection(ds.name());
                }
            }
        }
    }

    private static VariableSpec.Kind kind(Btf btf, BtfType type, long size) {
        return switch (type) {
            case BtfType.Int i when i.isBool() -> VariableSpec.Kind.BOOL;
            case BtfType.Int i when size == 1 || size == 2 || size == 4 || size == 8 -> VariableSpec.Kind.INTEGER;
            case BtfType.Enum e -> VariableSpec.Kind.INTEGER;
            case BtfType.Enum64 e -> VariableSpec.Kind.INTEGER;
            case BtfType.Array a when btf.resolve(btf.type(a.elem())) instanceof BtfType.Int c && c.size() == 1 ->
                    VariableSpec.Kind.CHARS;
            default -> VariableSpec.Kind.BYTES;
        };
    }

    private static boolean signed(BtfType type) {
        return switch (type) {
            case BtfType.Int i -> i.signed();
            case BtfType.Enum e -> e.signed();
            case BtfType.Enum64 e -> e.signed();
            default -> false;
        };
    }
}
