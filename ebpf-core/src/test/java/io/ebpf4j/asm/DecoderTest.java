package io.ebpf4j.asm;

import static io.ebpf4j.asm.Register.R0;
import static io.ebpf4j.asm.Register.R1;
import static io.ebpf4j.asm.Register.R2;
import static io.ebpf4j.asm.Register.R10;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Specific encodings: the newer kernel forms, and the malformed shapes. */
class DecoderTest {
    private static final Disassembler DIS = Disassembler.withBuiltinNames();

    private static Instruction one(int opcode, int dst, int src, int off, int imm) {
        return Asm.raw(opcode, dst, src, off, imm);
    }

    @Test
    void newerEncodingsDecodeToTypedRecords() {
        assertEquals(Asm.ldxs(Size.B, R1, R2, 4), one(0x91, 1, 2, 4, 0)); // BPF_LDX|BPF_MEMSX|BPF_B
        assertEquals(Asm.movsx64(R1, R2, 16), one(0xbf, 1, 2, 16, 0));
        assertEquals(Asm.sdiv64(R1, R2), one(0x3f, 1, 2, 1, 0));
        assertEquals(Asm.smod64(R1, R2), one(0x9f, 1, 2, 1, 0));
        assertEquals(Asm.bswap(R1, 32), one(0xd7, 1, 0, 0, 32));
        assertEquals(Asm.gotol(100000), one(0x06, 0, 0, 0, 100000));
        assertEquals(Asm.atomic(Size.DW, AtomicOp.CMPXCHG, R1, R2, 8), one(0xdb, 1, 2, 8, 0xf1));
        assertEquals(Asm.atomic(Size.W, AtomicOp.FETCH_XOR, R1, R2, 0), one(0xc3, 1, 2, 0, 0xa1));
        assertEquals(Asm.atomic(Size.B, AtomicOp.LOAD_ACQ, R1, R2, 0), one(0xd3, 1, 2, 0, 0x100));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0x91|1|2|4|0|r1 = *(s8 *)(r2 + 4)",
        "0xbf|1|2|16|0|r1 = (s16)r2",
        "0xbc|1|2|8|0|w1 = (s8)w2",
        "0x3f|1|2|1|0|r1 s/= r2",
        "0x94|1|0|1|7|w1 s%= 7",
        "0xd7|1|0|0|64|r1 = bswap64 r1",
        "0xdc|1|0|0|16|r1 = be16 r1",
        "0x06|0|0|0|-70000|gotol -70000",
        "0xe5|0|0|3|0|may_goto +3",
        "0xdb|1|2|8|0xf1|r0 = cmpxchg_64(r1 + 8, r0, r2)",
        "0xc3|1|2|0|0xe1|w2 = xchg32_32(r1 + 0, w2)",
        "0xc3|1|2|-4|0x01|w2 = atomic_fetch_add((u32 *)(r1 - 4), w2)",
        "0x30|0|0|0|12|r0 = *(u8 *)skb[12]",
        "0x48|0|3|0|-2|r0 = *(u16 *)skb[r3 - 2]",
        "0x72|10|0|-8|7|*(u8 *)(r10 - 8) = 7",
        "0x85|0|0|0|1|call bpf_map_lookup_elem#1",
        "0x85|0|1|0|-5|call pc-5",
        "0x85|0|2|1|1234|call kfunc#1234[btf 1]",
        "0x87|3|0|0|0|r3 = -r3",
    })
    void disassemblesNewerAndRareForms(String opcode, int dst, int src, int off, String imm, String text) {
        Instruction insn = one(Integer.decode(opcode), dst, src, off, Integer.decode(imm));
        assertEquals(text, DIS.format(insn));
    }

    @Test
    void ldImm64PseudoForms() {
        List<Instruction> insns = Instructions.decode(new long[] {
            Malformed.word(0x18, 1, 1, 0, 7), 0,
            Malformed.word(0x18, 2, 2, 0, 7), Malformed.word(0, 0, 0, 0, 16),
            Malformed.word(0x18, 3, 0, 0, -1), Malformed.word(0, 0, 0, 0, 0x7fffffff)});
        assertEquals(List.of(Asm.ldMapFd(R1, 7), Asm.ldMapValue(R2, 7, 16), Asm.ldImm64(Register.R3, 0x7fffffffffffffffL)), insns);
        assertEquals("r1 = map[fd:7]", DIS.format(insns.get(0)));
        assertEquals("r2 = map[fd:7][0]+16", DIS.format(insns.get(1)));
        assertEquals("r3 = 9223372036854775807 ll", DIS.format(insns.get(2)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0xff|0|0|0|0|UNKNOWN_OPCODE",     // no such opcode
        "0x8c|1|2|0|0|UNKNOWN_OPCODE",     // BPF_NEG | BPF_X
        "0xdf|1|0|0|16|UNKNOWN_OPCODE",    // ALU64 END with X
        "0x86|0|0|0|1|UNKNOWN_OPCODE",     // JMP32 CALL
        "0x98|0|0|0|0|UNKNOWN_OPCODE",     // LDX MEMSX DW? no: class LD, mode MEMSX
        "0x99|1|2|0|0|UNKNOWN_OPCODE",     // LDX MEMSX DW
        "0xb7|11|0|0|0|BAD_REGISTER",      // r11 = 0
        "0xbf|1|12|0|0|BAD_REGISTER",      // r1 = r12
        "0xb7|1|2|0|0|RESERVED_FIELD",     // mov K with src set
        "0x07|1|0|1|5|RESERVED_FIELD",     // add with off 1
        "0x0f|1|2|0|5|RESERVED_FIELD",     // add X with imm
        "0x61|1|2|0|5|RESERVED_FIELD",     // ldx with imm
        "0x62|1|2|0|5|RESERVED_FIELD",     // st with src
        "0x63|1|2|0|5|RESERVED_FIELD",     // stx with imm
        "0x95|1|0|0|0|RESERVED_FIELD",     // exit with dst
        "0x95|0|0|3|0|IGNORED_FIELD",      // exit with off: the kernel ignores it
        "0x05|0|0|1|1|RESERVED_FIELD",     // ja with imm
        "0x85|0|4|0|1|RESERVED_FIELD",     // call with an unknown src
        "0xd4|1|0|0|8|RESERVED_FIELD",     // le8
        "0xdb|1|2|0|0x02|BAD_ATOMIC",      // unknown atomic op
        "0xd3|1|2|0|0x01|BAD_ATOMIC",      // fetch_add on bytes
        "0x20|1|0|0|0|RESERVED_FIELD",     // ld_abs with dst
        "0x18|1|0|0|0|BAD_LD_IMM64",       // ld_imm64 without its second half
    })
    void malformedShapes(String opcode, int dst, int src, int off, String imm, Malformed.Problem problem) {
        Instruction insn = one(Integer.decode(opcode), dst, src, off, Integer.decode(imm));
        assertEquals(problem, assertInstanceOf(Malformed.class, insn).problem(), DIS.format(insn));
    }

    @Test
    void ldImm64WithNonZeroSecondHalfIsMalformed() {
        List<Instruction> insns = Instructions.decode(new long[] {Malformed.word(0x18, 1, 0, 0, 1), Malformed.word(0, 1, 0, 0, 0)});
        assertEquals(2, insns.size());
        assertEquals(Malformed.Problem.BAD_LD_IMM64, assertInstanceOf(Malformed.class, insns.get(0)).problem());
    }

    @Test
    void recordsRefuseImpossibleShapes() {
        assertThrows(IllegalArgumentException.class, () -> new Load(Size.DW, true, R0, R1, (short) 0));
        assertThrows(IllegalArgumentException.class, () -> new Atomic(Size.B, AtomicOp.ADD, R0, R1, (short) 0));
        assertThrows(IllegalArgumentException.class, () -> new Jump(false, JmpOp.CALL, Source.K, R0, R0, (short) 0, 0));
        assertThrows(IllegalArgumentException.class, () -> Asm.ja(40000));
        assertThrows(IllegalArgumentException.class, () -> Instructions.decode(new byte[7]));
        assertThrows(IllegalArgumentException.class, () -> Register.require(11));
    }

    @Test
    void assemblerResolvesLabels() {
        List<Instruction> prog = Asm.assembler()
                .add(Asm.mov64(R0, 0))
                .jmp(JmpOp.JEQ, R1, 0, "out")
                .add(Asm.ldImm64(R2, 1L << 40))
                .ja("out")
                .add(Asm.mov64(R0, 1))
                .label("out")
                .call("fn")
                .add(Asm.exit())
                .label("fn")
                .add(Asm.mov64(R0, 2), Asm.exit())
                .build();
        assertEquals(Asm.jmp(JmpOp.JEQ, R1, 0, 4), prog.get(1));
        assertEquals(Asm.ja(1), prog.get(3));
        assertEquals(Asm.callLocal(1), prog.get(5));
        assertEquals(prog, Instructions.decode(Instructions.encode(prog)));
        assertThrows(IllegalArgumentException.class, () -> Asm.assembler().ja("nowhere").build());
        assertThrows(IllegalArgumentException.class, () -> Asm.assembler().label("a").label("a"));
        assertEquals("r10 = r1", DIS.format(Asm.mov64(R10, R1)));
    }
}
