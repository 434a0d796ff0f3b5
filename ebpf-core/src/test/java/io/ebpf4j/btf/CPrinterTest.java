package io.ebpf4j.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The C printer against bpftool's C output for the same kernel types, and against its own source. */
class CPrinterTest {
    private static BpftoolHeader header;

    static synchronized BpftoolHeader header() throws Exception {
        if (header == null) {
            header = BpftoolHeader.dump(Path.of("/sys/kernel/btf/vmlinux"));
        }
        return header;
    }

    static String key(BtfType t) {
        return switch (t) {
            case BtfType.Struct s -> "struct " + s.name();
            case BtfType.Union u -> "union " + u.name();
            case BtfType.Enumeration e -> "enum " + e.name();
            case BtfType.Typedef d -> "typedef " + d.name();
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    /** bpftool marks the closing line of definitions with attributes this printer may leave out. */
    static String normalise(String c) {
        return c.replace(" __attribute__((packed))", "");
    }

    @Test
    void kernelTypesPrintLikeBpftoolPrintsThem() throws Exception {
        assumeTrue(BpftoolRaw.available(), "bpftool is not installed");
        Btf btf = BtfTestSupport.vmlinux();
        CPrinter printer = CPrinter.of(btf);
        List<BtfType> types = List.of(
                btf.find("task_struct", BtfKind.STRUCT).orElseThrow(),
                btf.find("sk_buff", BtfKind.STRUCT).orElseThrow(),
                btf.find("xdp_md", BtfKind.STRUCT).orElseThrow(),
                btf.find("file_operations", BtfKind.STRUCT).orElseThrow(),
                btf.find("bpf_func_id", BtfKind.ENUM).orElseThrow(),
                btf.find("perf_callchain_context", BtfKind.ENUM64).orElseThrow(),
                btf.find("u32", BtfKind.TYPEDEF).orElseThrow(),
                btf.find("bpf_callback_t", BtfKind.TYPEDEF).orElseThrow());
        for (BtfType t : types) {
            String expected = header().block(key(t));
            assertNotNull(expected, key(t));
            assertEquals(expected, printer.print(t), key(t));
        }
    }

    @Test
    void packedStructsAreMarkedLikeBpftoolMarksThem() throws Exception {
        assumeTrue(BpftoolRaw.available(), "bpftool is not installed");
        Btf btf = BtfTestSupport.vmlinux();
        CPrinter printer = CPrinter.of(btf);
        List<BtfType> packed = btf.types().filter(t -> t instanceof BtfType.Composite && t.isNamed())
                .filter(t -> printer.print(t).endsWith("} __attribute__((packed));")).toList();
        assertTrue(packed.size() > 10, "vmlinux has packed structs");
        int compared = 0;
        for (BtfType t : packed) {
            String expected = blockOrNull(t);
            if (expected != null) {
                assertEquals(expected, printer.print(t), key(t));
                compared++;
            }
        }
        assertTrue(compared > 10, "compared " + compared);
    }

    /** bpftool's block for {@code t}, or null when bpftool renamed it or another type of that name. */
    static String blockOrNull(BtfType t) throws Exception {
        long sameName = BtfTestSupport.vmlinux().findAll(t.name()).stream()
                .filter(o -> key(t).startsWith("typedef") == o instanceof BtfType.Typedef)
                .filter(o -> !(o instanceof BtfType.Fwd)).count();
        if (sameName != 1) {
            return null;
        }
        String b = header().block(key(t));
        return b == null || b.contains("___") ? null : b;
    }

    @Test
    void taskStructMembersReadLikeC() {
        Btf btf = BtfTestSupport.vmlinux();
        BtfType ts = btf.find("task_struct", BtfKind.STRUCT).orElseThrow();
        String c = CPrinter.of(btf).print(ts);
        BtfType.Array comm = (BtfType.Array) btf.resolve(btf.type(btf.member(ts, "comm").orElseThrow().type()));
        assertTrue(c.startsWith("struct task_struct {\n"), c.substring(0, 40));
        assertTrue(c.endsWith("\n};"));
        assertTrue(c.contains("\n\tpid_t pid;\n"));
        assertTrue(c.contains("\n\tstruct task_struct *parent;\n"));
        assertTrue(c.contains("\n\tchar comm[" + comm.nelems() + "];\n"));
        assertTrue(c.contains("\n\tconst struct cred *cred;\n") || c.contains("\n\tconst struct cred __attribute__"), "const pointer");
    }

    @Test
    void declarationsUseCDeclaratorSyntax() {
        Btf btf = BtfTestSupport.vmlinux();
        CPrinter p = CPrinter.of(btf);
        BtfType fops = btf.find("file_operations", BtfKind.STRUCT).orElseThrow();
        ResolvedMember llseek = btf.member(fops, "llseek").orElseThrow();
        assertEquals("loff_t (*llseek)(struct file *, loff_t, int)", p.declaration(llseek.type(), "llseek"));
        assertEquals("loff_t (*)(struct file *, loff_t, int)", p.typeName(llseek.type()));
        BtfType skb = btf.find("sk_buff", BtfKind.STRUCT).orElseThrow();
        assertEquals("char[48]", p.typeName(btf.member(skb, "cb").orElseThrow().type()));
        assertEquals("void", p.typeName(0));
        assertEquals("struct sk_buff *", p.typeName(btf.member(skb, "next").orElseThrow().type()));
    }

    @Test
    void printedObjectTypesCompileWithTheSameLayout() throws Exception {
        assumeTrue(BtfTestSupport.hasClang(), "clang is not installed");
        try (Btf btf = Btf.fromFile(BtfTestSupport.sampleObject(true))) {
            CPrinter p = CPrinter.of(btf);
            BtfType sample = btf.find("btf_sample", BtfKind.STRUCT).orElseThrow();
            String c = p.print(sample);
            assertTrue(c.contains("\n\tstruct btf_sample *next;\n"), c);
            assertTrue(c.contains("\n\tunsigned int flags: 3;\n"), c);
            assertTrue(c.contains("\n\tvoid (*cb)(int, char *);\n"), c);
            assertTrue(c.contains("\n\tint (*arr_ptr)[4];\n"), c);
            assertTrue(c.contains("\n\tconst char *name;\n"), c);
            assertTrue(c.contains("\n\tchar b[16];\n"), c);
            assertTrue(c.contains("\n\tunion {\n\t\tint u32v;\n\t\tlong u64v;\n\t};\n"), c);
            assertTrue(c.contains("\n\tstruct {\n\t\tshort s1;\n\t\tshort s2;\n\t} named;\n"), c);
            assertEquals("int btf_sample_prog(struct xdp_md *ctx);",
                    p.print(btf.find("btf_sample_prog", BtfKind.FUNC).orElseThrow()));
            assertEquals("typedef struct btf_sample btf_sample_t;",
                    p.print(btf.find("btf_sample_t", BtfKind.TYPEDEF).orElseThrow()));
            BpftoolHeader reference = BpftoolHeader.dump(BtfTestSupport.sampleObject(true));
            for (String name : List.of("btf_sample", "btf_key")) {
                BtfType t = btf.find(name, BtfKind.STRUCT).orElseThrow();
                assertEquals(reference.block(key(t)), p.print(t), name);
            }
            BtfType color = btf.find("btf_color", BtfKind.ENUM).orElseThrow();
            assertEquals(reference.block(key(color)), p.print(color));

            // The printed definitions must compile (host clang, LP64 like BPF) with the offsets and sizes
            // ebpf4j reads from the BTF.
            StructShape shape = btf.shape(sample);
            String asserts = shape.fields().stream().filter(f -> !f.isBitfield())
                    .map(f -> "_Static_assert(__builtin_offsetof(struct btf_sample, " + f.name() + ") == " + f.offset()
                            + ", \"" + f.name() + "\");")
                    .collect(Collectors.joining("\n"));
            String source = p.print(sample) + "\n" + p.print(btf.find("btf_key", BtfKind.STRUCT).orElseThrow()) + "\n"
                    + p.print(btf.find("btf_color", BtfKind.ENUM).orElseThrow()) + "\n"
                    + p.print(btf.find("btf_sample_t", BtfKind.TYPEDEF).orElseThrow()) + "\n" + asserts + "\n"
                    + "_Static_assert(sizeof(struct btf_sample) == " + shape.size() + ", \"size\");\n"
                    + "_Static_assert(sizeof(struct btf_key) == "
                    + btf.sizeOf(btf.find("btf_key", BtfKind.STRUCT).orElseThrow()) + ", \"key size\");\n";
            Path file = BtfTestSupport.WORK.resolve("printed.c");
            java.nio.file.Files.writeString(file, source);
            BtfTestSupport.Result r = BtfTestSupport.run(List.of("clang", "-fsyntax-only", "-Werror", file.toString()), null);
            assertEquals(0, r.exitCode(), r.output() + "\n" + source);
        }
    }
}
