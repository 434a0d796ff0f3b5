package io.ebpf4j.hooks.syscall;

/** The socket syscalls {@link SyscallLatency} measures; {@link #id()} is the index used by the BPF object. */
public enum Syscall {
    CONNECT,
    SENDTO,
    RECVFROM,
    SENDMSG,
    RECVMSG;

    /** The index in the object's maps and events ({@code enum sl_syscall} in syscall_latency.bpf.c). */
    public int id() {
        return ordinal();
    }

    /** The kernel's name of the syscall, e.g. {@code "recvfrom"}. */
    public String syscallName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The syscall with BPF index {@code id}. */
    public static Syscall ofId(int id) {
        Syscall[] all = values();
        if (id < 0 || id >= all.length) {
            throw new IllegalArgumentException("no syscall with id " + id);
        }
        return all[id];
    }
}
