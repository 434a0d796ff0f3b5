package io.ebpf4j.asm;

/**
 * One BPF instruction: a record per instruction family. Every 8-byte encoding the kernel's verifier
 * accepts the shape of decodes to one of the typed records; anything else decodes to
 * {@link Malformed}, which keeps the raw bytes, so that decoding then encoding is byte-exact for any
 * input.
 *
 * <p>Decode with {@link Instructions#decode(byte[])}, encode with {@link Instructions#encode(java.util.List)},
 * build with {@link Asm}, print with {@link Disassembler}.
 */
public sealed interface Instruction
        permits Alu, Jump, Call, Exit, LoadImm64, Load, Store, StoreReg, Atomic, PacketLoad, Malformed {

    /** The opcode byte. */
    int opcode();

    /** How many 8-byte slots the instruction takes: 2 for {@link LoadImm64}, 1 otherwise. */
    default int slots() {
        return 1;
    }

    /** The instruction class. */
    default InsnClass insnClass() {
        return InsnClass.of(opcode());
    }
}
