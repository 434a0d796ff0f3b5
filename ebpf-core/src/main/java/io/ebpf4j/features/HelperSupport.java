package io.ebpf4j.features;

import io.ebpf4j.kernel.ProgramType;

/**
 * Whether a program type may call a BPF helper here, decided by a real program load.
 *
 * @param programType  the program type probed
 * @param helper       the helper, e.g. bpf_ringbuf_output
 * @param id           its number in the kernel's enum bpf_func_id (-1 if the kernel does not list it)
 * @param availability the verdict, with the verifier's words as evidence
 */
public record HelperSupport(ProgramType programType, String helper, int id, Availability availability) {}
