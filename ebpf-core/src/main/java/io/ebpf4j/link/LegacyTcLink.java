package io.ebpf4j.link;

import io.ebpf4j.Program;
import io.ebpf4j.internal.libbpf.LinkCalls;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A cls_bpf filter on a clsact qdisc. Closing it removes the filter, and removes the clsact qdisc too
 * when this library created it and no filter of ours is left on it. Not tied to the process: a JVM
 * that dies without closing it leaves the filter in place (use tcx, Linux 6.6+, to avoid that).
 */
public final class LegacyTcLink extends LegacyLink {
    /** ifindex -> our filters on a qdisc we created (absent: the qdisc was there before us). */
    private static final Map<Integer, Integer> CREATED_QDISCS = new ConcurrentHashMap<>();

    LegacyTcLink(Program program, int ifindex, TcDirection direction, int handle, int priority, boolean createdQdisc,
                 String target) {
        super(program, target, new Detach() {
            @Override
            void detach() {
                LinkCalls.tcDetach(ifindex, direction.legacyAttachPoint(), handle, priority);
                Integer left = CREATED_QDISCS.computeIfPresent(ifindex, (k, v) -> v - 1);
                if (left != null && left == 0) {
                    CREATED_QDISCS.remove(ifindex);
                    destroyQdisc(ifindex);
                }
            }
        });
        if (createdQdisc) {
            CREATED_QDISCS.merge(ifindex, 1, Integer::sum);
        } else {
            CREATED_QDISCS.computeIfPresent(ifindex, (k, v) -> v + 1);
        }
    }

    static void destroyQdisc(int ifindex) {
        LinkCalls.tcHookDestroy(ifindex, 1 | 2); // BPF_TC_INGRESS | BPF_TC_EGRESS: the clsact qdisc
    }

    @Override
    public LinkKind kind() {
        return LinkKind.TC;
    }
}
