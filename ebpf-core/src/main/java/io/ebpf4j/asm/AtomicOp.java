package io.ebpf4j.asm;

import java.util.Optional;

/** Operations of {@code BPF_STX | BPF_ATOMIC}, held in the immediate. */
public enum AtomicOp {
    ADD(0x00), FETCH_ADD(0x01), OR(0x40), FETCH_OR(0x41), AND(0x50), FETCH_AND(0x51), XOR(0xa0), FETCH_XOR(0xa1),
    /** Exchange: src = xchg(*(dst + off), src). */
    XCHG(0xe1),
    /** Compare and exchange: r0 = cmpxchg(*(dst + off), r0, src). */
    CMPXCHG(0xf1),
    /** Load-acquire (kernel 6.15+): dst = load_acquire(*(src + off)). */
    LOAD_ACQ(0x100),
    /** Store-release (kernel 6.15+): store_release(*(dst + off), src). */
    STORE_REL(0x110);

    private static final AtomicOp[] ALL = values();
    private final int code;

    AtomicOp(int code) {
        this.code = code;
    }

    /** The immediate that encodes this operation. */
    public int code() {
        return code;
    }

    /** Whether the old value is written back to the source register (the fetch forms, xchg; cmpxchg writes r0). */
    public boolean fetches() {
        return (code & 0x01) != 0 && this != CMPXCHG;
    }

    /** Whether this is a read-modify-write operation (only 32- and 64-bit widths exist). */
    public boolean isReadModifyWrite() {
        return this != LOAD_ACQ && this != STORE_REL;
    }

    /** The operation an immediate encodes, if any. */
    public static Optional<AtomicOp> of(int imm) {
        return Codes.find(ALL, AtomicOp::code, imm);
    }
}
