package io.ebpf4j.agent;

import io.ebpf4j.hooks.identity.SpiffeId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The probes ({@code MeshFilter.Builder.probePort}, {@code Prober}).
 *
 * @param port     the probe UDP port, 0 when probes are off
 * @param interval time between probe rounds
 * @param burst    probes in a train ({@code Prober.burst})
 * @param targets  the probed peers and where, in file order (empty when probes are off)
 * @param auth     probe authentication ({@link ProbeAuthPlan#NONE} without {@code probes.auth})
 */
public record ProbePlan(int port, Duration interval, int burst, Map<SpiffeId, InetAddress> targets, ProbeAuthPlan auth) {
    public ProbePlan {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(auth, "auth");
        targets = Collections.unmodifiableMap(new LinkedHashMap<>(targets));
    }

    /** Whether probes are sent and answered. */
    public boolean enabled() {
        return port != 0;
    }
}
