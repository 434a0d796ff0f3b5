package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ebpf4j.kernel.BpfException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The kernel's own BTF, checked against bpftool's independent reading of it. */
class BtfVmlinuxTest {

    @Test
    void everyTypeDecodesLikeBpftoolReadsIt() throws Exception {
        assumeTrue(BpftoolRaw.available(), "bpftool is not installed");
        Btf btf = BtfTestSupport.vmlinux();
        Map<Integer, BpftoolRaw.Type> raw = BtfTestSupport.vmlinuxRaw();
        assertEquals(raw.size() + 1, btf.typeCount(), "type count (bpftool lists all but void)");
        List<String> mismatches = new ArrayList<>();
        for (int id = 1; id < btf.typeCount() && mismatches.size() < 20; id++) {
            BpftoolRaw.Type expected = raw.get(id);
            BtfType actual = btf.type(id);
            compare(expected, actual, mismatches);
        }
        assertEquals(List.of(), mismatches);
    }

    static void compare(BpftoolRaw.Type e, BtfType a, List<String> out) {
        String where = "[" + e.id() + "] " + e.kind() + " '" + e.name() + "': ";
        if (a.id() != e.id() || !a.kind().name().equals(e.kind()) || !a.name().equals(e.name())) {
            out.add(where + "decoded as " + a);
            return;
        }
        switch (a) {
            case BtfType.Int i -> check(out, where, e.num("size") == i.size() && e.num("nr_bits") == i.bits()
                    && e.num("bits_offset") == i.bitOffset()
                    && e.attrs().get("encoding").contains("SIGNED") == i.signed(), i);
            case BtfType.Composite c -> {
                check(out, where, e.num("size") == c.size() && e.subs().size() == c.members().size(), c);
                for (int k = 0; k < Math.min(e.subs().size(), c.members().size()); k++) {
                    BpftoolRaw.Sub s = e.subs().get(k);
                    BtfType.Member m = c.members().get(k);
                    long bitfield = s.attrs().containsKey("bitfield_size") ? s.num("bitfield_size") : 0;
                    check(out, where, s.name().equals(m.name()) && s.num("type_id") == m.type()
                            && s.num("bits_offset") == m.bitOffset() && bitfield == m.bitfieldSize(), m);
                }
            }
            case BtfType.Enumeration en -> {
                check(out, where, e.num("size") == en.size() && e.subs().size() == en.values().size()
                        && e.attrs().get("encoding").equals(en.signed() ? "SIGNED" : "UNSIGNED"), en);
                for (int k = 0; k < Math.min(e.subs().size(), en.values().size()); k++) {
                    BpftoolRaw.Sub s = e.subs().get(k);
                    BtfType.EnumValue v = en.values().get(k);
                    String value = en.signed() ? Long.toString(v.value()) : Long.toUnsignedString(v.value());
                    check(out, where, s.name().equals(v.name())
                            && s.attrs().get("val").replaceFirst("U?LL$", "").equals(value), v);
                }
            }
            case BtfType.Ptr p -> check(out, where, e.num("type_id") == p.target(), p);
            case BtfType.Qualifier q -> check(out, where, e.num("type_id") == q.target(), q);
            case BtfType.Array ar -> check(out, where, e.num("type_id") == ar.elem() && e.num("index_type_id") == ar.index()
                    && e.num("nr_elems") == ar.nelems(), ar);
            case BtfType.Func f -> check(out, where, e.num("type_id") == f.proto()
                    && e.attrs().get("linkage").equals(f.linkage().name().toLowerCase()), f);
            case BtfType.FuncProto fp -> check(out, where, e.num("ret_type_id") == fp.returnType()
                    && e.subs().size() == fp.params().size() + (fp.variadic() ? 1 : 0), fp);
            case BtfType.Var v -> check(out, where, e.num("type_id") == v.type()
                    && e.attrs().get("linkage").startsWith(v.linkage() == Linkage.GLOBAL ? "global" : v.linkage().name().toLowerCase()), v);
            case BtfType.DataSec d -> {
                check(out, where, e.num("size") == d.size() && e.subs().size() == d.vars().size(), d);
                for (int k = 0; k < Math.min(e.subs().size(), d.vars().size()); k++) {
                    BpftoolRaw.Sub s = e.subs().get(k);
                    BtfType.VarSecInfo v = d.vars().get(k);
                    check(out, where, s.num("type_id") == v.type() && s.num("offset") == v.offset()
                            && s.num("size") == v.size(), v);
                }
            }
            case BtfType.Float f -> check(out, where, e.num("size") == f.size(), f);
            case BtfType.DeclTag d -> check(out, where, e.num("type_id") == d.target()
                    && e.num("component_idx") == d.componentIndex(), d);
            case BtfType.Fwd f -> check(out, where, e.attrs().get("fwd_kind").equals(f.union() ? "union" : "struct"), f);
            case BtfType.Void v -> out.add(where + "void with a non-zero id");
        }
    }

    private static void check(List<String> out, String where, boolean ok, Object decoded) {
        if (!ok) {
            out.add(where + "decoded as " + decoded);
        }
    }

    @Test
    void xdpMdHasItsUapiLayout() {
        Btf btf = BtfTestSupport.vmlinux();
        BtfType.Struct xdp = btf.find("xdp_md", BtfType.Struct.class).orElseThrow();
        StructShape shape = btf.shape(xdp);
        // include/uapi/linux/bpf.h: six (or more, on newer kernels) __u32 fields, in this order.
        String[] uapi = {"data", "data_end", "data_meta", "ingress_ifindex", "rx_queue_index", "egress_ifindex"};
        for (int k = 0; k < uapi.length; k++) {
            StructShape.Field f = shape.fields().get(k);
            assertEquals(uapi[k], f.name());
            assertEquals(4L * k, f.offset(), f.name());
            assertEquals(4, f.size(), f.name());
            assertEquals("__u32", f.typeName());
            assertEquals(BtfKind.INT, f.resolvedKind());
        }
        assertEquals(4L * shape.fields().size(), shape.size());
        assertEquals(4, shape.alignment());
        assertFalse(shape.union());
    }

    @Test
    void helperIdsComeFromEnumBpfFuncId() {
        Btf btf = BtfTestSupport.vmlinux();
        Map<Integer, String> helpers = btf.helperIds();
        assertEquals("bpf_map_lookup_elem", helpers.get(1));
        assertEquals("bpf_map_update_elem", helpers.get(2));
        assertEquals("bpf_map_delete_elem", helpers.get(3));
        assertFalse(helpers.containsKey(0), "BPF_FUNC_unspec is not a helper");
        BtfType.Enum e = btf.find("bpf_func_id", BtfType.Enum.class).orElseThrow();
        long expected = e.values().stream().filter(v -> v.name().startsWith("BPF_FUNC_") && !v.name().equals("BPF_FUNC_unspec")).count();
        assertEquals(expected, helpers.size());
        assertTrue(helpers.size() > 150, "a 6.x kernel has over 150 helpers, got " + helpers.size());
        assertTrue(helpers.values().stream().allMatch(n -> n.startsWith("bpf_")));
    }

    @Test
    void findByNameAndKind() {
        Btf btf = BtfTestSupport.vmlinux();
        BtfType ts = btf.find("task_struct", BtfKind.STRUCT).orElseThrow();
        assertEquals("task_struct", ts.name());
        assertInstanceOf(BtfType.Struct.class, ts);
        assertEquals(Optional.empty(), btf.find("task_struct", BtfKind.UNION));
        assertEquals(Optional.empty(), btf.find("no_such_type_in_any_kernel", BtfKind.STRUCT));
        assertEquals(Optional.empty(), btf.find("", BtfKind.STRUCT));
        assertEquals(0, btf.find("void", BtfKind.VOID).orElseThrow().id());
        BtfType.Func f = btf.find("bpf_prog_run_pin_on_cpu", BtfType.Func.class)
                .or(() -> btf.find("schedule", BtfType.Func.class)).orElseThrow();
        assertInstanceOf(BtfType.FuncProto.class, btf.type(f.proto()));
        assertThrows(IllegalArgumentException.class, () -> btf.find("x", BtfType.Qualifier.class));
    }

    @Test
    void findAllAndNamesSeeEveryNamedType() throws Exception {
        assumeTrue(BpftoolRaw.available(), "bpftool is not installed");
        Btf btf = BtfTestSupport.vmlinux();
        Map<Integer, BpftoolRaw.Type> raw = BtfTestSupport.vmlinuxRaw();
        long named = raw.values().stream().map(BpftoolRaw.Type::name).filter(n -> !n.isEmpty()).distinct().count();
        assertEquals(named, btf.names().size());
        List<Integer> expected = raw.values().stream().filter(t -> t.name().equals("task_struct"))
                .map(BpftoolRaw.Type::id).sorted().toList();
        assertEquals(expected, btf.findAll("task_struct").stream().map(BtfType::id).toList());
        assertEquals(List.of(), btf.findAll("no_such_type_in_any_kernel"));
    }

    @Test
    void findGivesTheSameAnswerBeforeAndAfterTheNameIndexExists() {
        List<String> names = List.of("task_struct", "sk_buff", "u32", "bpf_func_id", "schedule", "xdp_md", "callback_head",
                "no_such_type_in_any_kernel", "file", "perf_callchain_context");
        try (Btf fresh = Btf.vmlinux()) {
            Map<String, Optional<BtfType>> before = new java.util.HashMap<>();
            for (String n : names) {
                for (BtfKind k : BtfKind.values()) {
                    before.put(n + "/" + k, fresh.find(n, k));
                }
            }
            assertTrue(fresh.names().contains("task_struct"));
            for (String n : names) {
                for (BtfKind k : BtfKind.values()) {
                    assertEquals(before.get(n + "/" + k), fresh.find(n, k), n + "/" + k);
                }
            }
        }
    }

    @Test
    void resolveSkipsTypedefsAndQualifiers() {
        Btf btf = BtfTestSupport.vmlinux();
        BtfType u32 = btf.find("u32", BtfKind.TYPEDEF).orElseThrow();
        BtfType r = btf.resolve(u32);
        BtfType.Int i = assertInstanceOf(BtfType.Int.class, r);
        assertEquals(4, i.size());
        assertFalse(i.signed());
        assertEquals(4, btf.sizeOf(u32));
        assertEquals(4, btf.alignOf(u32));
        assertEquals(8, btf.pointerSize());
    }

    @Test
    void anonymousMembersAreFoundWithAbsoluteOffsets() throws Exception {
        assumeTrue(BpftoolRaw.available(), "bpftool is not installed");
        Btf btf = BtfTestSupport.vmlinux();
        Map<Integer, BpftoolRaw.Type> raw = BtfTestSupport.vmlinuxRaw();
        BtfType skb = btf.find("sk_buff", BtfKind.STRUCT).orElseThrow();
        int checked = 0;
        // every member reachable through anonymous members of sk_buff, task_struct and sock
        for (String name : List.of("sk_buff", "task_struct", "sock")) {
            BtfType s = btf.find(name, BtfKind.STRUCT).orElseThrow();
            Map<String, Long> expected = new java.util.LinkedHashMap<>();
            flatten(raw, s.id(), 0, expected);
            for (Map.Entry<String, Long> m : expected.entrySet()) {
                ResolvedMember r = btf.member(s, m.getKey()).orElseThrow(() -> new AssertionError(name + "." + m.getKey()));
                assertEquals(m.getValue(), r.bitOffset(), name + "." + m.getKey());
                checked++;
            }
        }
        assertTrue(checked > 100, "checked " + checked);
        assertTrue(btf.member(skb, "no_such_member").isEmpty());
        assertTrue(btf.member(skb, "").isEmpty());
        assertTrue(btf.member(skb, "len.x").isEmpty(), "len is an int, not a struct");
    }

    @Test
    void dottedPathsDescendIntoNamedMembers() throws Exception {
        assumeTrue(BpftoolRaw.available(), "bpftool is not installed");
        Btf btf = BtfTestSupport.vmlinux();
        Map<Integer, BpftoolRaw.Type> raw = BtfTestSupport.vmlinuxRaw();
        BtfType sock = btf.find("sock", BtfKind.STRUCT).orElseThrow();
        ResolvedMember common = btf.member(sock, "__sk_common").orElseThrow();
        ResolvedMember family = btf.member(sock, "__sk_common.skc_family").orElseThrow();
        Map<String, Long> inner = new java.util.LinkedHashMap<>();
        flatten(raw, common.type(), 0, inner);
        assertEquals(common.bitOffset() + inner.get("skc_family"), family.bitOffset());
        assertEquals("__sk_common.skc_family", family.path());
    }

    /** Member name to absolute bit offset, through anonymous members, from bpftool's data. */
    static void flatten(Map<Integer, BpftoolRaw.Type> raw, int id, long base, Map<String, Long> out) {
        BpftoolRaw.Type t = raw.get(id);
        while (t.kind().equals("TYPEDEF") || t.kind().equals("CONST") || t.kind().equals("VOLATILE")) {
            t = raw.get((int) t.num("type_id"));
        }
        for (BpftoolRaw.Sub s : t.subs()) {
            long off = base + s.num("bits_offset");
            if (s.name().isEmpty()) {
                BpftoolRaw.Type inner = raw.get((int) s.num("type_id"));
                if (inner != null) {
                    flatten(raw, inner.id(), off, out);
                }
            } else {
                out.putIfAbsent(s.name(), off);
            }
        }
    }

    @Test
    void typesAreCachedAndPlainData() {
        Btf btf = BtfTestSupport.vmlinux();
        BtfType a = btf.find("task_struct", BtfKind.STRUCT).orElseThrow();
        assertTrue(a == btf.type(a.id()), "cached");
        assertEquals(a, btf.type(a.id(), BtfType.Struct.class));
        assertThrows(BpfException.class, () -> btf.type(a.id(), BtfType.Union.class));
    }

    @Test
    void outOfRangeIdsThrow() {
        Btf btf = BtfTestSupport.vmlinux();
        assertThrows(BpfException.class, () -> btf.type(-1));
        assertThrows(BpfException.class, () -> btf.type(btf.typeCount()));
        assertThrows(BpfException.class, () -> btf.type(Integer.MAX_VALUE));
        assertInstanceOf(BtfType.Void.class, btf.type(0));
        assertThrows(BpfException.class, () -> btf.sizeOf(btf.type(0)));
    }

    @Test
    void rawBytesRoundTrip() throws Exception {
        Btf btf = BtfTestSupport.vmlinux();
        byte[] raw = btf.rawBytes();
        assertEquals(Files.size(Path.of("/sys/kernel/btf/vmlinux")), raw.length);
        try (Btf copy = Btf.fromBytes(raw)) {
            assertEquals(btf.typeCount(), copy.typeCount());
            int id = btf.find("task_struct", BtfKind.STRUCT).orElseThrow().id();
            assertEquals(btf.type(id), copy.type(id));
        }
    }

    @Test
    void perCpuVariablesAreListedLikeBpftoolListsThem() throws Exception {
        assumeTrue(BpftoolRaw.available(), "bpftool is not installed");
        Btf btf = BtfTestSupport.vmlinux();
        BpftoolRaw.Type sec = BtfTestSupport.vmlinuxRaw().values().stream()
                .filter(t -> t.kind().equals("DATASEC") && t.name().equals(".data..percpu")).findFirst().orElseThrow();
        List<GlobalVariable> vars = btf.variables(".data..percpu");
        assertEquals(sec.subs().size(), vars.size());
        for (int k = 0; k < vars.size(); k++) {
            BpftoolRaw.Sub s = sec.subs().get(k);
            GlobalVariable v = vars.get(k);
            assertEquals(s.num("offset"), v.offset(), v.name());
            assertEquals(s.num("size"), v.size(), v.name());
            assertEquals(s.num("type_id"), v.varId(), v.name());
            assertEquals(".data..percpu", v.section());
        }
        assertTrue(btf.dataSections().stream().anyMatch(d -> d.name().equals(".data..percpu")));
    }

    @Test
    void missingKernelBtfNamesTheConfigOptionAndKernelVersion() {
        io.ebpf4j.kernel.MissingFeatureException e = BtfErrors.noKernelBtf(2);
        assertTrue(e.getMessage().contains("CONFIG_DEBUG_INFO_BTF"), e.getMessage());
        assertEquals(Optional.of("5.4"), e.sinceKernel());
        assertTrue(e.fallback().orElseThrow().contains("Btf.fromFile"));
    }

    @Test
    void rawBtfFilesAndElfImagesCarryingKernelBtfParse() throws Exception {
        Btf btf = BtfTestSupport.vmlinux();
        int id = btf.find("task_struct", BtfKind.STRUCT).orElseThrow().id();
        // a raw BTF file, as BTFHub ships them
        try (Btf raw = Btf.fromFile(Path.of("/sys/kernel/btf/vmlinux"))) {
            assertEquals(btf.typeCount(), raw.typeCount());
            assertEquals(btf.type(id), raw.type(id));
        }
        // an ELF file whose .BTF section holds the kernel's BTF, as a vmlinux image does
        assumeTrue(BtfTestSupport.hasClang(), "clang is not installed");
        Path elf = BtfTestSupport.WORK.resolve("kernel-btf.o");
        Files.copy(BtfTestSupport.sampleObject(true), elf, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        BtfTestSupport.Result r = BtfTestSupport.run(
                List.of("llvm-objcopy", "--update-section", ".BTF=/sys/kernel/btf/vmlinux", elf.toString()), null);
        assumeTrue(r.exitCode() == 0, "llvm-objcopy: " + r.output());
        try (Btf fromElf = Btf.fromFile(elf)) {
            assertEquals(btf.typeCount(), fromElf.typeCount());
            assertEquals(btf.type(id), fromElf.type(id));
        }
    }

    @Test
    void moduleNamesListSysfs() throws Exception {
        List<String> names = Btf.moduleNames();
        try (var s = Files.list(Path.of("/sys/kernel/btf"))) {
            assertEquals(s.count() - 1, names.size());
        }
        assertFalse(names.contains("vmlinux"));
        for (String module : names.stream().limit(3).toList()) {
            try (Btf m = Btf.module(module)) {
                assertTrue(m.firstOwnId() > 1);
                assertTrue(m.base().isPresent());
                assertTrue(m.typeCount() >= m.firstOwnId());
            }
        }
    }
}
