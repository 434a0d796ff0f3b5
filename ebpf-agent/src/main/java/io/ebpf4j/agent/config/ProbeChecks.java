package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.mesh.MeshFilter;

/** {@code probes:}: the port (the mesh filter's own check), the interval, the train size. */
final class ProbeChecks {
    private ProbeChecks() {}

    static void check(ProbeConfig probes, Checker c) {
        if (probes.port() != null) {
            try {
                MeshFilter.builder().probePort(probes.port());
            } catch (IllegalArgumentException e) {
                c.fail("probes.port", "expected a UDP port 1..65535 (0: no probes), got " + probes.port());
            }
        }
        c.positive("probes.interval", probes.interval(), "10ms");
        c.range("probes.burst", probes.burst(), 1, ProbeConfig.MAX_BURST, "a train size 1.." + ProbeConfig.MAX_BURST);
    }
}
