package io.ebpf4j.kernel;

import java.util.Optional;

/** BPF attach types (enum bpf_attach_type), numbered as the kernel numbers them. */
public enum AttachType {
    CGROUP_INET_INGRESS,
    CGROUP_INET_EGRESS,
    CGROUP_INET_SOCK_CREATE,
    CGROUP_SOCK_OPS,
    SK_SKB_STREAM_PARSER,
    SK_SKB_STREAM_VERDICT,
    CGROUP_DEVICE,
    SK_MSG_VERDICT,
    CGROUP_INET4_BIND,
    CGROUP_INET6_BIND,
    CGROUP_INET4_CONNECT,
    CGROUP_INET6_CONNECT,
    CGROUP_INET4_POST_BIND,
    CGROUP_INET6_POST_BIND,
    CGROUP_UDP4_SENDMSG,
    CGROUP_UDP6_SENDMSG,
    LIRC_MODE2,
    FLOW_DISSECTOR,
    CGROUP_SYSCTL,
    CGROUP_UDP4_RECVMSG,
    CGROUP_UDP6_RECVMSG,
    CGROUP_GETSOCKOPT,
    CGROUP_SETSOCKOPT,
    TRACE_RAW_TP,
    TRACE_FENTRY,
    TRACE_FEXIT,
    MODIFY_RETURN,
    LSM_MAC,
    TRACE_ITER,
    CGROUP_INET4_GETPEERNAME,
    CGROUP_INET6_GETPEERNAME,
    CGROUP_INET4_GETSOCKNAME,
    CGROUP_INET6_GETSOCKNAME,
    XDP_DEVMAP,
    CGROUP_INET_SOCK_RELEASE,
    XDP_CPUMAP,
    SK_LOOKUP,
    XDP,
    SK_SKB_VERDICT,
    SK_REUSEPORT_SELECT,
    SK_REUSEPORT_SELECT_OR_MIGRATE,
    PERF_EVENT,
    TRACE_KPROBE_MULTI,
    LSM_CGROUP,
    STRUCT_OPS,
    NETFILTER,
    TCX_INGRESS,
    TCX_EGRESS,
    TRACE_UPROBE_MULTI,
    CGROUP_UNIX_CONNECT,
    CGROUP_UNIX_SENDMSG,
    CGROUP_UNIX_RECVMSG,
    CGROUP_UNIX_GETPEERNAME,
    CGROUP_UNIX_GETSOCKNAME,
    NETKIT_PRIMARY,
    NETKIT_PEER,
    TRACE_KPROBE_SESSION,
    TRACE_UPROBE_SESSION;

    /** The kernel's number for it (its position in enum bpf_attach_type). */
    public int value() {
        return ordinal();
    }

    /** The kernel's own name, e.g. BPF_XDP. */
    public String kernelName() {
        return "BPF_" + name();
    }

    /** The constant for a kernel number, if this library knows it. */
    public static Optional<AttachType> of(int value) {
        AttachType[] all = values();
        return value >= 0 && value < all.length ? Optional.of(all[value]) : Optional.empty();
    }
}
