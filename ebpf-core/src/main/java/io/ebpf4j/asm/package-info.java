/**
 * BPF instructions in Java: a typed model ({@link io.ebpf4j.asm.Instruction} and its records), a
 * byte-exact decoder and encoder ({@link io.ebpf4j.asm.Instructions}), a disassembler in the
 * llvm-objdump / bpftool notation ({@link io.ebpf4j.asm.Disassembler}), an assembler DSL
 * ({@link io.ebpf4j.asm.Asm}, {@link io.ebpf4j.asm.Assembler}), helper names
 * ({@link io.ebpf4j.asm.HelperCatalog}) and a raw loader that returns the verifier's verdict
 * ({@link io.ebpf4j.asm.RawProgramLoader}).
 */
package io.ebpf4j.asm;
