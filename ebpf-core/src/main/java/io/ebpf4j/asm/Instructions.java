package io.ebpf4j.asm;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Decodes BPF bytecode (little-endian {@code struct bpf_insn} arrays) into {@link Instruction}s and
 * encodes them back, byte for byte.
 *
 * <p>Slot indices: a {@link LoadImm64} takes two 8-byte slots, everything else one. Jump offsets and
 * the verifier's instruction numbers count slots; {@link #slotIndices(List)} maps list positions to
 * slot indices.
 */
public final class Instructions {
    /** Size of one instruction slot in bytes. */
    public static final int SLOT_BYTES = 8;
    private static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private Instructions() {}

    /** Decodes {@code bytes}, whose length must be a multiple of 8. */
    public static List<Instruction> decode(byte[] bytes) {
        return decode(MemorySegment.ofArray(bytes));
    }

    /** Decodes a segment holding {@code struct bpf_insn}s; its size must be a multiple of 8. */
    public static List<Instruction> decode(MemorySegment insns) {
        long size = insns.byteSize();
        if (size % SLOT_BYTES != 0) {
            throw new IllegalArgumentException("BPF bytecode must be a multiple of 8 bytes long, got " + size);
        }
        int count = Math.toIntExact(size / SLOT_BYTES);
        long[] words = new long[count];
        for (int i = 0; i < count; i++) {
            words[i] = insns.get(WORD, (long) i * SLOT_BYTES);
        }
        return decode(words);
    }

    /** Decodes instruction words (each the little-endian reading of one slot). */
    public static List<Instruction> decode(long[] words) {
        List<Instruction> out = new ArrayList<>(words.length);
        int i = 0;
        while (i < words.length) {
            Instruction insn = i + 1 < words.length
                    ? Decoder.decode(words[i], words[i + 1], true)
                    : Decoder.decode(words[i], 0, false);
            out.add(insn);
            i += insn.slots();
        }
        return Collections.unmodifiableList(out);
    }

    /** Decodes a single slot (an ld_imm64 decodes as malformed: it needs its second slot). */
    public static Instruction decodeSlot(long word) {
        return Decoder.decode(word, 0, false);
    }

    /** Encodes instructions into a new little-endian byte array. */
    public static byte[] encode(List<? extends Instruction> insns) {
        long[] words = words(insns);
        byte[] out = new byte[words.length * SLOT_BYTES];
        MemorySegment seg = MemorySegment.ofArray(out);
        for (int i = 0; i < words.length; i++) {
            seg.set(WORD, (long) i * SLOT_BYTES, words[i]);
        }
        return out;
    }

    /** Encodes instructions into {@code target} at offset 0; it must hold {@code 8 * slotCount(insns)} bytes. */
    public static void encode(List<? extends Instruction> insns, MemorySegment target) {
        long[] words = words(insns);
        if (target.byteSize() < (long) words.length * SLOT_BYTES) {
            throw new IllegalArgumentException("target segment holds " + target.byteSize() + " bytes; the program needs "
                    + (long) words.length * SLOT_BYTES);
        }
        for (int i = 0; i < words.length; i++) {
            target.set(WORD, (long) i * SLOT_BYTES, words[i]);
        }
    }

    /** Encodes instructions into one 64-bit word per slot. */
    public static long[] words(List<? extends Instruction> insns) {
        long[] out = new long[slotCount(insns)];
        int at = 0;
        for (Instruction insn : insns) {
            at = Encoder.encode(insn, out, at);
        }
        return out;
    }

    /** The number of 8-byte slots the instructions take. */
    public static int slotCount(List<? extends Instruction> insns) {
        int n = 0;
        for (Instruction insn : insns) {
            n += insn.slots();
        }
        return n;
    }

    /** For each list position, the slot index of that instruction. */
    public static int[] slotIndices(List<? extends Instruction> insns) {
        int[] out = new int[insns.size()];
        int slot = 0;
        for (int i = 0; i < out.length; i++) {
            out[i] = slot;
            slot += insns.get(i).slots();
        }
        return out;
    }
}
