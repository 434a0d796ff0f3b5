package io.ebpf4j.internal.ffi;

import io.ebpf4j.kernel.Errno;

/**
 * Plain-words remedies for the errno values BPF operations return, by the {@linkplain OpKind kind} of
 * operation. Used when raising {@link io.ebpf4j.kernel.BpfException}s.
 */
public final class Remedies {
    /** The remedy for a missing privilege, the most common cause of EPERM from bpf(). */
    public static final String PRIVILEGE =
            "needs CAP_BPF (plus CAP_PERFMON for tracing programs and for programs the verifier checks as privileged, "
                    + "e.g. packet pointer arithmetic, and CAP_NET_ADMIN for XDP/tc), or CAP_SYS_ADMIN: "
                    + "run as root, or grant the capabilities to the JVM "
                    + "(setcap cap_bpf,cap_perfmon,cap_net_admin+ep \"$(readlink -f \"$(command -v java)\")\"); "
                    + "unprivileged BPF is off when /proc/sys/kernel/unprivileged_bpf_disabled is not 0";
    public static final String TRACEFS =
            "tracefs is not mounted: mount -t tracefs tracefs /sys/kernel/tracing";
    public static final String BPFFS =
            "bpffs is not mounted: mount -t bpf bpf /sys/fs/bpf";

    private Remedies() {}

    /**
     * A remedy for {@code errno} (positive or negative) raised by an operation of {@code kind}, or null
     * when nothing better than the errno itself can be said.
     */
    public static String forErrno(OpKind kind, int errno) {
        Errno e = Errno.of(errno).orElse(null);
        if (e == null) {
            return null;
        }
        return switch (e) {
            case EPERM, EACCES -> PRIVILEGE;
            case ENOENT -> switch (kind) {
                case TRACING_ATTACH -> TRACEFS + ", and check that the event exists";
                case PIN -> BPFFS + ", and check the path";
                default -> null;
            };
            case E2BIG -> "the object or program is too large for this kernel (E2BIG): check max_entries, key/value sizes "
                    + "and the instruction count (limit 1,000,000 processed instructions)";
            case ENOMEM -> "the kernel could not allocate memory for it: lower max_entries; on kernels before 5.11 "
                    + "BPF memory also counts against RLIMIT_MEMLOCK";
            case EBUSY -> "the hook is busy: another program is already attached there; detach it, or attach with replace";
            case EEXIST -> "the element or object already exists";
            case ENODEV -> "no such device: check the interface name and that it is in this network namespace";
            case EINVAL -> "the kernel rejected an argument: check sizes, flags and the program or map type";
            case EMFILE -> "this process has too many open files: raise the RLIMIT_NOFILE soft limit (ulimit -n) or close objects";
            case ENOSPC -> "the map is full (max_entries reached)";
            case EOPNOTSUPP, ENOTSUPP -> "this kernel does not support the operation for this program, map or attach type";
            default -> null;
        };
    }
}
