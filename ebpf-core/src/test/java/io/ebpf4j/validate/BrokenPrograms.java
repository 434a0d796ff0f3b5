package io.ebpf4j.validate;

import static io.ebpf4j.asm.Register.R0;
import static io.ebpf4j.asm.Register.R1;
import static io.ebpf4j.asm.Register.R10;

import io.ebpf4j.asm.AluOp;
import io.ebpf4j.asm.Asm;
import io.ebpf4j.asm.Instruction;
import io.ebpf4j.asm.Instructions;
import io.ebpf4j.asm.JmpOp;
import io.ebpf4j.asm.Malformed;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** One hand-assembled socket filter per structural rule, breaking exactly that rule. */
final class BrokenPrograms {
    private BrokenPrograms() {}

    static List<Instruction> program(Instruction... insns) {
        return List.of(insns);
    }

    static Stream<Arguments> all() {
        List<Instruction> tooMany = new ArrayList<>(StructureChecker.MAX_INSNS + 1);
        tooMany.add(Asm.mov64(R0, 0));
        for (int i = 0; i < StructureChecker.MAX_INSNS - 1; i++) {
            tooMany.add(Asm.add64(R0, 1));
        }
        tooMany.add(Asm.exit()); // 1,000,001 slots
        List<Instruction> badLdImm64 = new ArrayList<>(Instructions.decode(new long[] {
            Malformed.word(0x18, 0, 0, 0, 1), Malformed.word(0, 1, 0, 0, 0)}));
        badLdImm64.add(Asm.exit());
        return Stream.of(
                Arguments.of(StructuralRule.TOO_MANY_INSTRUCTIONS, tooMany),
                Arguments.of(StructuralRule.UNKNOWN_OPCODE, program(Asm.mov64(R0, 0), Asm.raw(0xff, 0, 0, 0, 0), Asm.exit())),
                Arguments.of(StructuralRule.BAD_REGISTER, program(Asm.raw(0xb7, 11, 0, 0, 0), Asm.mov64(R0, 0), Asm.exit())),
                Arguments.of(StructuralRule.RESERVED_FIELD, program(Asm.raw(0xb7, 0, 2, 0, 0), Asm.exit())),
                Arguments.of(StructuralRule.BAD_LD_IMM64, badLdImm64),
                Arguments.of(StructuralRule.BAD_ATOMIC, program(Asm.mov64(R0, 0), Asm.st(io.ebpf4j.asm.Size.DW, R10, -8, 0),
                        Asm.raw(0xdb, 10, 0, -8, 0x02), Asm.exit())),
                Arguments.of(StructuralRule.FRAME_POINTER_WRITE, program(Asm.mov64(R0, 0), Asm.mov64(R10, 0), Asm.exit())),
                Arguments.of(StructuralRule.DIVISION_BY_ZERO, program(Asm.mov64(R0, 7), Asm.alu64(AluOp.DIV, R0, 0), Asm.exit())),
                Arguments.of(StructuralRule.SHIFT_OUT_OF_RANGE, program(Asm.mov64(R0, 7), Asm.alu32(AluOp.LSH, R0, 32), Asm.exit())),
                Arguments.of(StructuralRule.JUMP_OUT_OF_RANGE, program(Asm.mov64(R0, 0), Asm.jmp(JmpOp.JEQ, R1, 0, 5), Asm.exit())),
                Arguments.of(StructuralRule.JUMP_INTO_LD_IMM64, program(Asm.mov64(R0, 0), Asm.jmp(JmpOp.JEQ, R1, 0, 1),
                        Asm.ldImm64(R0, 1), Asm.exit())),
                Arguments.of(StructuralRule.JUMP_OUT_OF_FUNCTION, program(Asm.mov64(R0, 0), Asm.callLocal(1), Asm.exit(),
                        Asm.mov64(R0, 1), Asm.jmp(JmpOp.JEQ, R1, 0, -4), Asm.exit())),
                Arguments.of(StructuralRule.BAD_CALL_TARGET, program(Asm.mov64(R0, 0), Asm.callLocal(100), Asm.exit())),
                Arguments.of(StructuralRule.UNKNOWN_HELPER, program(Asm.call(99_999), Asm.mov64(R0, 0), Asm.exit())),
                Arguments.of(StructuralRule.FALLS_OFF_END, program(Asm.mov64(R0, 0))),
                Arguments.of(StructuralRule.UNREACHABLE, program(Asm.mov64(R0, 0), Asm.exit(), Asm.mov64(R0, 1), Asm.exit())));
    }
}
