package io.ebpf4j.asm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Decoding then encoding is byte-exact for any bytes; encoding then decoding gives the same records. */
class RoundTripPropertiesTest {

    @Property(tries = 5000)
    void anySlotsRoundTrip(@ForAll("wordLists") List<Long> words) {
        long[] in = words.stream().mapToLong(Long::longValue).toArray();
        List<Instruction> insns = Instructions.decode(in);
        assertArrayEquals(in, Instructions.words(insns));
        assertEquals(in.length, Instructions.slotCount(insns));
    }

    @Property(tries = 5000)
    void wellFormedInstructionsRoundTrip(@ForAll("instructions") Instruction insn) {
        List<Instruction> decoded = Instructions.decode(Instructions.encode(List.of(insn)));
        assertEquals(List.of(insn), decoded);
        assertFalse(Disassembler.withBuiltinNames().format(insn).isBlank());
    }

    @Provide
    Arbitrary<List<Long>> wordLists() {
        return words().list().ofMaxSize(64);
    }

    /** Words biased towards valid opcodes and small fields, so every decoder branch is hit. */
    @Provide
    Arbitrary<Long> words() {
        Arbitrary<Integer> opcode = Arbitraries.integers().between(0, 255);
        Arbitrary<Integer> reg = Arbitraries.frequency(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0, 10)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(11, 15))).flatMap(a -> a);
        Arbitrary<Integer> off = Arbitraries.oneOf(Arbitraries.of(0, 1, 8, 16, 32, -1), Arbitraries.integers().between(-32768, 32767));
        Arbitrary<Integer> imm = Arbitraries.oneOf(Arbitraries.of(0, 1, 16, 32, 64, 0x01, 0x41, 0xe1, 0xf1, 0x100, 1 << 16),
                Arbitraries.integers());
        Arbitrary<Long> structured = Combinators.combine(opcode, reg, reg, off, imm)
                .as((o, d, s, f, i) -> Malformed.word(o, d, s, f, i));
        return Arbitraries.oneOf(structured, Arbitraries.longs(), Arbitraries.just(0L));
    }

    @Provide
    Arbitrary<Instruction> instructions() {
        Arbitrary<Register> r = Arbitraries.of(Register.class);
        Arbitrary<Integer> imm = Arbitraries.integers();
        Arbitrary<Integer> off = Arbitraries.integers().between(-32768, 32767);
        Arbitrary<io.ebpf4j.asm.Size> rmwSize = Arbitraries.of(io.ebpf4j.asm.Size.W, io.ebpf4j.asm.Size.DW);
        Arbitrary<AluOp> plainAlu = Arbitraries.of(AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.DIV, AluOp.OR, AluOp.AND,
                AluOp.LSH, AluOp.RSH, AluOp.MOD, AluOp.XOR, AluOp.MOV, AluOp.ARSH);
        Arbitrary<JmpOp> cond = Arbitraries.of(JmpOp.class).filter(JmpOp::isConditional);
        Arbitrary<AtomicOp> rmw = Arbitraries.of(AtomicOp.class).filter(AtomicOp::isReadModifyWrite);
        return Arbitraries.oneOf(
                Combinators.combine(plainAlu, r, imm, Arbitraries.of(true, false)).as((o, d, i, w) -> w ? Asm.alu64(o, d, i) : Asm.alu32(o, d, i)),
                Combinators.combine(plainAlu, r, r, Arbitraries.of(true, false)).as((o, d, s, w) -> w ? Asm.alu64(o, d, s) : Asm.alu32(o, d, s)),
                Combinators.combine(r, r, Arbitraries.of(8, 16, 32)).as(Asm::movsx64),
                Combinators.combine(r, r).as(Asm::sdiv64),
                Combinators.combine(r, r).as(Asm::smod64),
                r.map(Asm::neg64),
                Combinators.combine(r, Arbitraries.of(16, 32, 64)).as(Asm::bswap),
                Combinators.combine(r, Arbitraries.of(16, 32, 64)).as(Asm::toBe),
                Combinators.combine(r, Arbitraries.of(16, 32, 64)).as(Asm::toLe),
                Combinators.combine(cond, r, imm, off).as(Asm::jmp),
                Combinators.combine(cond, r, r, off).as(Asm::jmp),
                Combinators.combine(cond, r, imm, off).as(Asm::jmp32),
                off.map(Asm::ja),
                imm.map(Asm::gotol),
                imm.map(Asm::call),
                imm.map(Asm::callLocal),
                Combinators.combine(imm, off).as(Asm::callKfunc),
                Arbitraries.just(Asm.exit()),
                Combinators.combine(r, Arbitraries.longs()).as(Asm::ldImm64),
                Combinators.combine(r, Arbitraries.of(PseudoSource.class), imm, imm).as((d, p, lo, hi) ->
                        new LoadImm64(d, p, lo, p == PseudoSource.MAP_FD || p == PseudoSource.MAP_IDX ? 0 : hi)),
                Combinators.combine(Arbitraries.of(io.ebpf4j.asm.Size.class), r, r, off).as(Asm::ldx),
                Combinators.combine(Arbitraries.of(io.ebpf4j.asm.Size.B, io.ebpf4j.asm.Size.H, io.ebpf4j.asm.Size.W), r, r, off).as(Asm::ldxs),
                Combinators.combine(Arbitraries.of(io.ebpf4j.asm.Size.class), r, off, imm).as(Asm::st),
                Combinators.combine(Arbitraries.of(io.ebpf4j.asm.Size.class), r, r, off).as(Asm::stx),
                Combinators.combine(rmwSize, rmw, r, r, off).as(Asm::atomic),
                Combinators.combine(Arbitraries.of(io.ebpf4j.asm.Size.class), Arbitraries.of(AtomicOp.LOAD_ACQ, AtomicOp.STORE_REL), r, r, off)
                        .as(Asm::atomic),
                Combinators.combine(Arbitraries.of(io.ebpf4j.asm.Size.B, io.ebpf4j.asm.Size.H, io.ebpf4j.asm.Size.W), imm).as(Asm::ldAbs),
                Combinators.combine(Arbitraries.of(io.ebpf4j.asm.Size.B, io.ebpf4j.asm.Size.H, io.ebpf4j.asm.Size.W), r, imm).as(Asm::ldInd));
    }
}
