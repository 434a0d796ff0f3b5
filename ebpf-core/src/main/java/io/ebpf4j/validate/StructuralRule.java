package io.ebpf4j.validate;

/**
 * The structural rules: shapes the kernel's verifier refuses before it looks at values (opcode table,
 * reserved fields, control-flow graph), plus helper ids the running kernel does not have.
 * docs/VALIDATION.md explains each one.
 */
public enum StructuralRule {
    EMPTY_PROGRAM("structure.empty-program"),
    TOO_MANY_INSTRUCTIONS("structure.too-many-instructions"),
    UNKNOWN_OPCODE("structure.unknown-opcode"),
    BAD_REGISTER("structure.bad-register"),
    RESERVED_FIELD("structure.reserved-field"),
    IGNORED_FIELD("structure.ignored-field"),
    BAD_LD_IMM64("structure.bad-ld-imm64"),
    BAD_ATOMIC("structure.bad-atomic"),
    FRAME_POINTER_WRITE("structure.frame-pointer-write"),
    DIVISION_BY_ZERO("structure.division-by-zero"),
    SHIFT_OUT_OF_RANGE("structure.shift-out-of-range"),
    JUMP_OUT_OF_RANGE("structure.jump-out-of-range"),
    JUMP_INTO_LD_IMM64("structure.jump-into-ld-imm64"),
    JUMP_OUT_OF_FUNCTION("structure.jump-out-of-function"),
    BAD_CALL_TARGET("structure.bad-call-target"),
    UNKNOWN_HELPER("structure.unknown-helper"),
    FALLS_OFF_END("structure.falls-off-end"),
    UNREACHABLE("structure.unreachable");

    private final String id;

    StructuralRule(String id) {
        this.id = id;
    }

    /** The rule id used in {@link Finding#rule()}. */
    public String id() {
        return id;
    }
}
