package io.ebpf4j.hooks.netevents;

/** How {@link NetEvents} attaches its programs to the kernel's tracepoints. */
public enum NetAttachPath {
    /**
     * As raw tracepoints, by name with {@code bpf()} (Linux 4.17+): the programs read the tracepoint's
     * arguments (the socket, the packet) with CO-RE. No tracefs needed, so CAP_BPF and CAP_PERFMON suffice.
     */
    RAW_TRACEPOINT,
    /**
     * As tracepoints (perf events): the programs read the tracepoint's record. The attach reads each
     * tracepoint's id from tracefs, which the process must be able to read.
     */
    TRACEPOINT
}
