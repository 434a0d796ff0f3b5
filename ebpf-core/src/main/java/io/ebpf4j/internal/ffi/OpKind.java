package io.ebpf4j.internal.ffi;

/**
 * What kind of operation failed: the call site says it, and {@link Remedies} picks the remedy for an
 * errno from it (an ENOENT means tracefs when attaching a kprobe, bpffs when pinning).
 */
public enum OpKind {
    /** Creating a map, or reading, changing or describing it or its elements. */
    MAP,
    /** Opening, preparing or loading a BPF object or program. */
    LOAD,
    /** Test-running or describing a loaded program. */
    PROGRAM,
    /** Attaching a tracing program: tracepoint, raw tracepoint, kprobe, uprobe, fentry/fexit, LSM. */
    TRACING_ATTACH,
    /** Attaching to a network interface: XDP, tc. */
    NETWORK_ATTACH,
    /** Pinning an object in bpffs, or opening a pinned one. */
    PIN,
    /** Reading BTF. */
    BTF,
    /** ebpf4j's own use of the C library: epoll, eventfd, mmap, perf events, CPU affinity, fds. */
    SYSTEM
}
