package io.ebpf4j.link;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.AttachType;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.Program;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.LinkCalls;
import io.ebpf4j.internal.os.Net;
import java.util.Objects;

/**
 * Attaches XDP programs to network interfaces through {@code bpf_link} (kernel 5.9+), so that a
 * process that dies leaves nothing attached. The legacy netlink attach, which outlives the process,
 * is available only by explicit choice ({@link #attachLegacy}).
 */
public final class Xdp {
    private Xdp() {}

    /** Attaches {@code program} to interface {@code ifname} in the given mode. */
    public static Link attach(Program program, String ifname, XdpMode mode) {
        Objects.requireNonNull(mode, "mode");
        requireXdp(program);
        int ifindex = Net.ifindex(ifname);
        String target = "xdp on " + ifname + " (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ")";
        int fd = LinkCalls.linkCreate(program.fd(), ifindex, AttachType.XDP.value(), mode.flags());
        if (fd < 0) {
            throw error(-fd, target, ifname, mode);
        }
        return BpfLink.ofFd(LinkKind.XDP, target, program, fd);
    }

    /** Attaches in the default mode: native where the driver supports XDP, generic otherwise. */
    public static Link attach(Program program, String ifname) {
        return attach(program, ifname, XdpMode.DEFAULT);
    }

    /**
     * Attaches through the legacy netlink API (for kernels before 5.9). The attachment is NOT tied to
     * this process: if the JVM dies without closing the link, the program stays attached until someone
     * runs {@code ip link set dev IFNAME xdp off}. Refuses to replace a program already attached.
     */
    public static Link attachLegacy(Program program, String ifname, XdpMode mode) {
        Objects.requireNonNull(mode, "mode");
        requireXdp(program);
        int ifindex = Net.ifindex(ifname);
        int flags = mode.flags() | XdpMode.UPDATE_IF_NOEXIST;
        String target = "xdp on " + ifname + " (" + mode.name().toLowerCase(java.util.Locale.ROOT) + ", legacy netlink)";
        int r = LinkCalls.xdpAttach(ifindex, program.fd(), flags);
        if (r < 0) {
            throw error(-r, target, ifname, mode);
        }
        return new LegacyXdpLink(program, ifindex, mode.flags(), target);
    }

    private static void requireXdp(Program program) {
        Objects.requireNonNull(program, "program");
        if (program.type() != ProgramType.XDP) {
            throw new BpfException("attaching program '" + program.name() + "' to XDP",
                    "it is a " + program.type() + " program, not XDP");
        }
    }

    private static BpfException error(int errno, String target, String ifname, XdpMode mode) {
        String remedy = switch (Errno.of(errno).orElse(null)) {
            case EBUSY -> "another XDP program is already attached to " + ifname + " (see `ip link show dev " + ifname
                    + "`); detach it first";
            case EOPNOTSUPP, ENOTSUPP -> mode == XdpMode.NATIVE ? "the driver of " + ifname + " has no native XDP: use XdpMode.GENERIC"
                    : "this kernel or interface does not support this XDP mode";
            case EINVAL -> mode == XdpMode.DEFAULT ? "the kernel refused the attach (bpf_link for XDP needs Linux 5.9+; "
                    + "on older kernels use Xdp.attachLegacy)" : "the kernel refused the mode or flags for " + ifname;
            case null, default -> null;
        };
        BpfException base = Check.error(OpKind.NETWORK_ATTACH, "attaching " + target, errno);
        return remedy == null ? base : new BpfException("attaching " + target, errno, null, remedy);
    }
}
