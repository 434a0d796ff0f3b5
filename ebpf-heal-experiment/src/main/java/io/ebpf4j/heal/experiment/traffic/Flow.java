package io.ebpf4j.heal.experiment.traffic;

import java.net.InetAddress;
import java.util.Objects;

/**
 * One stream of application requests: from node {@code srcNode} to {@code dst} (UDP echo on port
 * 7001 and TCP echo on 7002), named {@code label} in the traffic log (e.g. {@code "0->V2"}).
 */
public record Flow(String label, int srcNode, InetAddress dst) {
    public Flow {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(dst, "dst");
        if (label.isBlank()) {
            throw new IllegalArgumentException("a flow needs a non-blank label");
        }
        if (srcNode < 0) {
            throw new IllegalArgumentException("source node must be >= 0, not " + srcNode);
        }
    }
}
