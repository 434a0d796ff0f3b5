package io.ebpf4j.link;

import io.ebpf4j.kernel.AttachType;

/** Which way the packets go through a tc hook. */
public enum TcDirection {
    INGRESS(AttachType.TCX_INGRESS, 1),
    EGRESS(AttachType.TCX_EGRESS, 2);

    private final AttachType tcx;
    private final int legacyAttachPoint;

    TcDirection(AttachType tcx, int legacyAttachPoint) {
        this.tcx = tcx;
        this.legacyAttachPoint = legacyAttachPoint;
    }

    AttachType tcxAttachType() {
        return tcx;
    }

    /** enum bpf_tc_attach_point. */
    int legacyAttachPoint() {
        return legacyAttachPoint;
    }
}
