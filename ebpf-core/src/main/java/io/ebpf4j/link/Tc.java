package io.ebpf4j.link;

import io.ebpf4j.kernel.Errno;
import io.ebpf4j.kernel.BpfException;
import io.ebpf4j.Program;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.internal.ffi.Check;
import io.ebpf4j.internal.ffi.OpKind;
import io.ebpf4j.internal.libbpf.LinkCalls;
import io.ebpf4j.internal.os.Net;
import java.util.Locale;
import java.util.Objects;

/**
 * Attaches tc (SCHED_CLS) programs. On Linux 6.6+ this uses tcx through {@code bpf_link}: no qdisc is
 * created or touched, and a process that dies leaves nothing attached. On older kernels it falls back
 * to a clsact qdisc with a cls_bpf filter (libbpf's bpf_tc_*), reusing an existing clsact qdisc and
 * never destroying one this library did not create.
 */
public final class Tc {
    private Tc() {}

    /** Attaches {@code program} to {@code ifname} in {@code direction}. */
    public static Link attach(Program program, String ifname, TcDirection direction) {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(direction, "direction");
        if (program.type() != ProgramType.SCHED_CLS) {
            throw new BpfException("attaching program '" + program.name() + "' to tc",
                    "it is a " + program.type() + " program, not SCHED_CLS (SEC(\"tc\"))");
        }
        int ifindex = Net.ifindex(ifname);
        String target = "tc " + direction.name().toLowerCase(Locale.ROOT) + " on " + ifname;
        int fd = LinkCalls.linkCreate(program.fd(), ifindex, direction.tcxAttachType().value(), 0);
        if (fd >= 0) {
            return BpfLink.ofFd(LinkKind.TC, target + " (tcx)", program, fd);
        }
        if (-fd != Errno.EINVAL.number()) {
            throw Check.error(OpKind.NETWORK_ATTACH, "attaching " + target + " (tcx)", -fd);
        }
        return attachLegacy(program, ifindex, direction, target + " (clsact)");
    }

    /** Attaches through a clsact qdisc and a cls_bpf filter, whatever the kernel. */
    public static Link attachLegacy(Program program, String ifname, TcDirection direction) {
        return attachLegacy(program, Net.ifindex(ifname), direction,
                "tc " + direction.name().toLowerCase(Locale.ROOT) + " on " + ifname + " (clsact)");
    }

    private static Link attachLegacy(Program program, int ifindex, TcDirection direction, String target) {
        int attachPoint = direction.legacyAttachPoint();
        int created = LinkCalls.tcHookCreate(ifindex, attachPoint);
        boolean ours = created == 0;
        if (created < 0 && created != -Errno.EEXIST.number()) { // a clsact qdisc is already there: use it
            throw Check.error(OpKind.NETWORK_ATTACH, "creating the clsact qdisc for " + target, -created);
        }
        LinkCalls.TcFilter filter = LinkCalls.tcAttach(ifindex, attachPoint, program.fd());
        if (filter.result() < 0) {
            if (ours) {
                LegacyTcLink.destroyQdisc(ifindex);
            }
            throw Check.error(OpKind.NETWORK_ATTACH, "attaching " + target, -filter.result());
        }
        return new LegacyTcLink(program, ifindex, direction, filter.handle(), filter.priority(), ours, target);
    }
}
