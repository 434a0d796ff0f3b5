package io.ebpf4j;

import io.ebpf4j.kernel.ProgramType;

/**
 * What the kernel says about a loaded program (bpf_prog_info).
 *
 * @param id                   the kernel's program id (as bpftool prog shows it)
 * @param tag                  the program tag, hex
 * @param name                 the kernel-side name (at most 15 characters)
 * @param type                 the program type
 * @param translatedBytes      size of the translated (post-verifier) program
 * @param jitedBytes           size of the JIT image
 * @param verifiedInstructions instructions the verifier processed (kernel 5.16+, else 0)
 * @param runTimeNs            total run time, when kernel.bpf_stats_enabled is 1
 * @param runCount             total runs, when kernel.bpf_stats_enabled is 1
 */
public record ProgramInfo(int id, String tag, String name, ProgramType type, int translatedBytes, int jitedBytes,
                          int verifiedInstructions, long runTimeNs, long runCount) {
}
