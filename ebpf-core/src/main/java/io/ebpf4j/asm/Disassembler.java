package io.ebpf4j.asm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Prints instructions in the notation of {@code llvm-objdump -d} (LLVM 14) for everything LLVM prints,
 * with bpftool's conventions where LLVM has none: helper calls as {@code call bpf_map_lookup_elem#1},
 * local calls as {@code call pc+3}, map references as {@code r1 = map[fd:5]} or
 * {@code r1 = map[idx:0][0]+16}. Immediates are decimal, as LLVM 14 prints them.
 */
public final class Disassembler {
    private final HelperCatalog helpers;

    /** A disassembler that names helpers from {@code helpers}. */
    public Disassembler(HelperCatalog helpers) {
        this.helpers = Objects.requireNonNull(helpers, "helpers");
    }

    /** A disassembler with the built-in helper names. */
    public static Disassembler withBuiltinNames() {
        return new Disassembler(HelperCatalog.builtin());
    }

    /** One line per instruction, each prefixed by its slot index as {@code llvm-objdump} numbers them. */
    public List<String> lines(List<? extends Instruction> insns) {
        List<String> out = new ArrayList<>(insns.size());
        int slot = 0;
        for (Instruction insn : insns) {
            String n = Integer.toString(slot);
            out.add(" ".repeat(Math.max(0, 6 - n.length())) + n + ": " + format(insn));
            slot += insn.slots();
        }
        return out;
    }

    /** The whole listing, one numbered line per instruction. */
    public String disassemble(List<? extends Instruction> insns) {
        return String.join("\n", lines(insns));
    }

    /** One instruction, without its index. */
    public String format(Instruction insn) {
        return switch (insn) {
            case Alu a -> alu(a);
            case Jump j -> jump(j);
            case Call c -> call(c);
            case Exit e -> "exit";
            case LoadImm64 l -> ldImm64(l);
            case Load l -> l.dst() + " = *(" + (l.signExtend() ? "s" : "u") + l.size().bits() + " *)" + addr(l.src(), l.off());
            case Store s -> "*(u" + s.size().bits() + " *)" + addr(s.dst(), s.off()) + " = " + s.imm();
            case StoreReg s -> "*(u" + s.size().bits() + " *)" + addr(s.dst(), s.off()) + " = " + s.src();
            case Atomic a -> atomic(a);
            case PacketLoad p -> "r0 = *(u" + p.size().bits() + " *)skb["
                    + (p.indirect() ? p.src() + signed(p.imm()) : Integer.toString(p.imm())) + "]";
            case Malformed m -> String.format("<invalid: %s> .8byte 0x%016x", m.detail(), m.raw());
        };
    }

    private static String reg(boolean wide, Register r) {
        return (wide ? "r" : "w") + r.number();
    }

    private static String alu(Alu a) {
        String d = reg(a.wide(), a.dst());
        String s = a.source() == Source.X ? reg(a.wide(), a.src()) : Integer.toString(a.imm());
        return switch (a.op()) {
            case NEG -> d + " = -" + d;
            case END -> "r" + a.dst().number() + " = " + (a.wide() ? "bswap" : a.source() == Source.K ? "le" : "be") + a.imm()
                    + " r" + a.dst().number();
            case MOV -> {
                if (a.isAddrSpaceCast()) {
                    yield d + " = addr_space_cast(" + s + ", " + (a.imm() >>> 16) + ", " + (a.imm() & 0xffff) + ")";
                }
                yield a.movsxBits() != 0 ? d + " = (s" + a.movsxBits() + ")" + s : d + " = " + s;
            }
            default -> d + " " + (a.isSigned() ? "s" : "") + a.op().symbol() + " " + s;
        };
    }

    private static String jump(Jump j) {
        return switch (j.op()) {
            case JA -> (j.jmp32() ? "gotol " : "goto ") + rel(j.offset());
            case JCOND -> "may_goto " + rel(j.off());
            default -> "if " + reg(!j.jmp32(), j.dst()) + " " + j.op().symbol() + " "
                    + (j.source() == Source.X ? reg(!j.jmp32(), j.src()) : Integer.toString(j.imm()))
                    + " goto " + rel(j.off());
        };
    }

    private String call(Call c) {
        return switch (c.kind()) {
            case HELPER -> "call " + helpers.name(c.imm()).orElse("unknown") + "#" + c.imm();
            case LOCAL -> "call pc" + rel(c.imm());
            case KFUNC -> "call kfunc#" + c.imm() + (c.off() != 0 ? "[btf " + c.off() + "]" : "");
        };
    }

    private static String ldImm64(LoadImm64 l) {
        String d = l.dst() + " = ";
        return switch (l.pseudo()) {
            case NONE -> d + l.value() + " ll";
            case MAP_FD -> d + "map[fd:" + l.imm() + "]";
            case MAP_VALUE -> d + "map[fd:" + l.imm() + "][0]+" + l.nextImm();
            case MAP_IDX -> d + "map[idx:" + l.imm() + "]";
            case MAP_IDX_VALUE -> d + "map[idx:" + l.imm() + "][0]+" + l.nextImm();
            case BTF_ID -> d + "btf_id[" + l.imm() + "]";
            case FUNC -> d + "func[pc" + rel(l.imm()) + "]";
        };
    }

    private static String atomic(Atomic a) {
        boolean wide = a.size() == Size.DW;
        String type = "u" + a.size().bits();
        String s = reg(wide, a.src());
        return switch (a.op()) {
            case ADD, OR, AND, XOR -> "lock *(" + type + " *)" + addr(a.dst(), a.off()) + " " + symbol(a.op()) + " " + s;
            case FETCH_ADD, FETCH_OR, FETCH_AND, FETCH_XOR -> s + " = atomic_" + a.op().name().toLowerCase(java.util.Locale.ROOT)
                    + "((" + type + " *)" + addr(a.dst(), a.off()) + ", " + s + ")";
            case XCHG -> s + " = " + (wide ? "xchg_64(" : "xchg32_32(") + a.dst() + signed(a.off()) + ", " + s + ")";
            case CMPXCHG -> reg(wide, Register.R0) + " = " + (wide ? "cmpxchg_64(" : "cmpxchg32_32(") + a.dst()
                    + signed(a.off()) + ", " + reg(wide, Register.R0) + ", " + s + ")";
            case LOAD_ACQ -> reg(wide, a.dst()) + " = load_acquire((" + type + " *)" + addr(a.src(), a.off()) + ")";
            case STORE_REL -> "store_release((" + type + " *)" + addr(a.dst(), a.off()) + ", " + s + ")";
        };
    }

    private static String symbol(AtomicOp op) {
        return switch (op) {
            case ADD -> "+=";
            case OR -> "|=";
            case AND -> "&=";
            default -> "^=";
        };
    }

    /** {@code (r1 + 8)} / {@code (r10 - 4)}. */
    private static String addr(Register base, short off) {
        return "(" + base + signed(off) + ")";
    }

    /** {@code " + 3"} / {@code " - 3"}, as inside addresses. */
    private static String signed(int v) {
        return v < 0 ? " - " + -(long) v : " + " + v;
    }

    /** {@code +3} / {@code -3}, as jump distances. */
    private static String rel(int v) {
        return v < 0 ? Integer.toString(v) : "+" + v;
    }
}
