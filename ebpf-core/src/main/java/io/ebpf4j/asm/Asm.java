package io.ebpf4j.asm;

import static io.ebpf4j.asm.Register.R0;

/**
 * Factory methods for single instructions, for tests and tiny programs. Jumps to labels are built
 * with an {@link Assembler} ({@link #assembler()}).
 *
 * <pre>{@code
 * List<Instruction> prog = Asm.assembler()
 *     .add(Asm.mov64(R0, 0))
 *     .jmp(JmpOp.JEQ, R1, 0, "out")
 *     .add(Asm.mov64(R0, 1))
 *     .label("out")
 *     .add(Asm.exit())
 *     .build();
 * }</pre>
 */
public final class Asm {
    private Asm() {}

    /** A new assembler with labels. */
    public static Assembler assembler() {
        return new Assembler();
    }

    // ---- ALU -----------------------------------------------------------------------------------

    /** 64-bit {@code dst op= imm}. */
    public static Alu alu64(AluOp op, Register dst, int imm) {
        return new Alu(true, op, Source.K, dst, R0, (short) 0, imm);
    }

    /** 64-bit {@code dst op= src}. */
    public static Alu alu64(AluOp op, Register dst, Register src) {
        return new Alu(true, op, Source.X, dst, src, (short) 0, 0);
    }

    /** 32-bit {@code wdst op= imm}. */
    public static Alu alu32(AluOp op, Register dst, int imm) {
        return new Alu(false, op, Source.K, dst, R0, (short) 0, imm);
    }

    /** 32-bit {@code wdst op= wsrc}. */
    public static Alu alu32(AluOp op, Register dst, Register src) {
        return new Alu(false, op, Source.X, dst, src, (short) 0, 0);
    }

    /** {@code dst = imm} (sign-extended to 64 bits). */
    public static Alu mov64(Register dst, int imm) {
        return alu64(AluOp.MOV, dst, imm);
    }

    /** {@code dst = src}. */
    public static Alu mov64(Register dst, Register src) {
        return alu64(AluOp.MOV, dst, src);
    }

    /** {@code wdst = imm}. */
    public static Alu mov32(Register dst, int imm) {
        return alu32(AluOp.MOV, dst, imm);
    }

    /** {@code wdst = wsrc}. */
    public static Alu mov32(Register dst, Register src) {
        return alu32(AluOp.MOV, dst, src);
    }

    /** {@code dst += imm}. */
    public static Alu add64(Register dst, int imm) {
        return alu64(AluOp.ADD, dst, imm);
    }

    /** {@code dst += src}. */
    public static Alu add64(Register dst, Register src) {
        return alu64(AluOp.ADD, dst, src);
    }

    /** {@code dst = (s<bits>) src}: sign-extending move (kernel 6.6+), bits 8, 16 or 32. */
    public static Alu movsx64(Register dst, Register src, int bits) {
        return new Alu(true, AluOp.MOV, Source.X, dst, src, (short) bits, 0);
    }

    /** Signed 64-bit {@code dst s/= src} (kernel 6.6+). */
    public static Alu sdiv64(Register dst, Register src) {
        return new Alu(true, AluOp.DIV, Source.X, dst, src, (short) 1, 0);
    }

    /** Signed 64-bit {@code dst s%= src} (kernel 6.6+). */
    public static Alu smod64(Register dst, Register src) {
        return new Alu(true, AluOp.MOD, Source.X, dst, src, (short) 1, 0);
    }

    /** {@code dst = -dst}. */
    public static Alu neg64(Register dst) {
        return new Alu(true, AluOp.NEG, Source.K, dst, R0, (short) 0, 0);
    }

    /** Unconditional byte swap of the low {@code bits} (16, 32, 64) (kernel 6.6+). */
    public static Alu bswap(Register dst, int bits) {
        return new Alu(true, AluOp.END, Source.K, dst, R0, (short) 0, bits);
    }

    /** Convert the low {@code bits} to big endian. */
    public static Alu toBe(Register dst, int bits) {
        return new Alu(false, AluOp.END, Source.X, dst, R0, (short) 0, bits);
    }

    /** Convert the low {@code bits} to little endian. */
    public static Alu toLe(Register dst, int bits) {
        return new Alu(false, AluOp.END, Source.K, dst, R0, (short) 0, bits);
    }

    // ---- memory --------------------------------------------------------------------------------

    /** {@code dst = *(size *)(src + off)}. */
    public static Load ldx(Size size, Register dst, Register src, int off) {
        return new Load(size, false, dst, src, off16(off));
    }

    /** {@code dst = *(u8 *)(src + off)}. */
    public static Load ldxB(Register dst, Register src, int off) {
        return ldx(Size.B, dst, src, off);
    }

    /** {@code dst = *(u16 *)(src + off)}. */
    public static Load ldxH(Register dst, Register src, int off) {
        return ldx(Size.H, dst, src, off);
    }

    /** {@code dst = *(u32 *)(src + off)}. */
    public static Load ldxW(Register dst, Register src, int off) {
        return ldx(Size.W, dst, src, off);
    }

    /** {@code dst = *(u64 *)(src + off)}. */
    public static Load ldxDW(Register dst, Register src, int off) {
        return ldx(Size.DW, dst, src, off);
    }

    /** Sign-extending load {@code dst = *(s<size> *)(src + off)} (kernel 6.6+). */
    public static Load ldxs(Size size, Register dst, Register src, int off) {
        return new Load(size, true, dst, src, off16(off));
    }

    /** {@code *(size *)(dst + off) = imm}. */
    public static Store st(Size size, Register dst, int off, int imm) {
        return new Store(size, dst, off16(off), imm);
    }

    /** {@code *(size *)(dst + off) = src}. */
    public static StoreReg stx(Size size, Register dst, Register src, int off) {
        return new StoreReg(size, dst, src, off16(off));
    }

    /** {@code *(u32 *)(dst + off) = src}. */
    public static StoreReg stxW(Register dst, Register src, int off) {
        return stx(Size.W, dst, src, off);
    }

    /** {@code *(u64 *)(dst + off) = src}. */
    public static StoreReg stxDW(Register dst, Register src, int off) {
        return stx(Size.DW, dst, src, off);
    }

    /** An atomic operation on {@code *(size *)(dst + off)} with {@code src}. */
    public static Atomic atomic(Size size, AtomicOp op, Register dst, Register src, int off) {
        return new Atomic(size, op, dst, src, off16(off));
    }

    /** {@code r0 = *(size *)skb[imm]} (legacy packet access). */
    public static PacketLoad ldAbs(Size size, int imm) {
        return new PacketLoad(false, size, R0, imm);
    }

    /** {@code r0 = *(size *)skb[src + imm]} (legacy packet access). */
    public static PacketLoad ldInd(Size size, Register src, int imm) {
        return new PacketLoad(true, size, src, imm);
    }

    // ---- 64-bit immediates -----------------------------------------------------------------------

    /** {@code dst = value ll}. */
    public static LoadImm64 ldImm64(Register dst, long value) {
        return LoadImm64.constant(dst, value);
    }

    /** {@code dst = map[fd]}: a map reference by file descriptor. */
    public static LoadImm64 ldMapFd(Register dst, int fd) {
        return new LoadImm64(dst, PseudoSource.MAP_FD, fd, 0);
    }

    /** {@code dst = &map[fd] value + offset}: the address of a map's value (array maps, global data). */
    public static LoadImm64 ldMapValue(Register dst, int fd, int offset) {
        return new LoadImm64(dst, PseudoSource.MAP_VALUE, fd, offset);
    }

    /** {@code dst = map[idx]}: a map reference by index into the load-time fd array. */
    public static LoadImm64 ldMapIdx(Register dst, int index) {
        return new LoadImm64(dst, PseudoSource.MAP_IDX, index, 0);
    }

    // ---- control flow --------------------------------------------------------------------------

    /** A helper call by id. */
    public static Call call(int helperId) {
        return Call.helper(helperId);
    }

    /** A kfunc call by BTF id (vmlinux BTF: {@code btfFdIndex} 0). */
    public static Call callKfunc(int btfId, int btfFdIndex) {
        return new Call(CallKind.KFUNC, btfId, (short) btfFdIndex);
    }

    /** A call of the BPF function {@code offset} slots after the next instruction. */
    public static Call callLocal(int offset) {
        return new Call(CallKind.LOCAL, offset, (short) 0);
    }

    /** Return r0. */
    public static Exit exit() {
        return new Exit();
    }

    /** {@code goto +off}. */
    public static Jump ja(int off) {
        return new Jump(false, JmpOp.JA, Source.K, R0, R0, off16(off), 0);
    }

    /** {@code gotol +off}: the 32-bit range jump (kernel 6.6+). */
    public static Jump gotol(int off) {
        return new Jump(true, JmpOp.JA, Source.K, R0, R0, (short) 0, off);
    }

    /** {@code if dst op imm goto +off} (64-bit compare). */
    public static Jump jmp(JmpOp op, Register dst, int imm, int off) {
        return new Jump(false, op, Source.K, dst, R0, off16(off), imm);
    }

    /** {@code if dst op src goto +off} (64-bit compare). */
    public static Jump jmp(JmpOp op, Register dst, Register src, int off) {
        return new Jump(false, op, Source.X, dst, src, off16(off), 0);
    }

    /** {@code if wdst op imm goto +off} (32-bit compare). */
    public static Jump jmp32(JmpOp op, Register dst, int imm, int off) {
        return new Jump(true, op, Source.K, dst, R0, off16(off), imm);
    }

    /** {@code if wdst op wsrc goto +off} (32-bit compare). */
    public static Jump jmp32(JmpOp op, Register dst, Register src, int off) {
        return new Jump(true, op, Source.X, dst, src, off16(off), 0);
    }

    // ---- raw -----------------------------------------------------------------------------------

    /**
     * The instruction these raw fields decode to; a {@link Malformed} one when they are not a valid
     * encoding (to build broken programs in tests). Registers and offsets are masked to their field widths.
     */
    public static Instruction raw(int opcode, int dst, int src, int off, int imm) {
        return Instructions.decodeSlot(Malformed.word(opcode, dst, src, off, imm));
    }

    static short off16(int off) {
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + off + " does not fit in 16 bits");
        }
        return (short) off;
    }
}
