/**
 * BPF Type Format (BTF): the type information of the kernel, its modules and BPF objects, read
 * through the system libbpf and decoded into plain Java records.
 *
 * <ul>
 *   <li>{@link io.ebpf4j.btf.Btf} loads BTF ({@link io.ebpf4j.btf.Btf#vmlinux()},
 *       {@link io.ebpf4j.btf.Btf#fromFile(java.nio.file.Path)}, {@link io.ebpf4j.btf.Btf#fromBytes(byte[])},
 *       {@link io.ebpf4j.btf.Btf#module(String)}) and answers lookups by id, name and kind, sizes,
 *       alignments and member offsets.</li>
 *   <li>{@link io.ebpf4j.btf.BtfType} is the sealed family of decoded types, one record per
 *       {@link io.ebpf4j.btf.BtfKind}.</li>
 *   <li>{@link io.ebpf4j.btf.CPrinter} prints types as C, as {@code bpftool btf dump format c} does.</li>
 *   <li>{@link io.ebpf4j.btf.StructShape} and {@link io.ebpf4j.btf.GlobalVariable} describe map
 *       key/value layouts and an object's global variables for the rest of ebpf4j.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Btf kernel = Btf.vmlinux()) {
 *     BtfType task = kernel.find("task_struct", BtfKind.STRUCT).orElseThrow();
 *     long pidOffset = kernel.member(task, "pid").orElseThrow().byteOffset();
 *     System.out.println(CPrinter.of(kernel).print(task));
 * }
 * }</pre>
 */
package io.ebpf4j.btf;
