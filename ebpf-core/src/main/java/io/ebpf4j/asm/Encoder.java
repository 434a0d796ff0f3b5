package io.ebpf4j.asm;

/** Encodes instruction records into 64-bit slot words. */
final class Encoder {
    private Encoder() {}

    /** Writes {@code insn} at {@code out[at]} (and {@code out[at + 1]} for ld_imm64); returns the next index. */
    static int encode(Instruction insn, long[] out, int at) {
        switch (insn) {
            case Alu a -> out[at] = word(a.opcode(), a.dst(), a.src(), a.off(), a.imm());
            case Jump j -> out[at] = word(j.opcode(), j.dst(), j.src(), j.off(), j.imm());
            case Call c -> out[at] = Malformed.word(Call.OPCODE, 0, c.kind().code(), c.off(), c.imm());
            case Exit e -> out[at] = Malformed.word(Exit.OPCODE, 0, 0, 0, 0);
            case LoadImm64 l -> {
                out[at] = Malformed.word(LoadImm64.OPCODE, l.dst().number(), l.pseudo().code(), 0, l.imm());
                out[at + 1] = Malformed.word(0, 0, 0, 0, l.nextImm());
            }
            case Load l -> out[at] = word(l.opcode(), l.dst(), l.src(), l.off(), 0);
            case Store s -> out[at] = Malformed.word(s.opcode(), s.dst().number(), 0, s.off(), s.imm());
            case StoreReg s -> out[at] = word(s.opcode(), s.dst(), s.src(), s.off(), 0);
            case Atomic a -> out[at] = word(a.opcode(), a.dst(), a.src(), a.off(), a.op().code());
            case PacketLoad p -> out[at] = Malformed.word(p.opcode(), 0, p.src().number(), 0, p.imm());
            case Malformed m -> out[at] = m.raw();
        }
        return at + insn.slots();
    }

    private static long word(int opcode, Register dst, Register src, short off, int imm) {
        return Malformed.word(opcode, dst.number(), src.number(), off, imm);
    }
}
