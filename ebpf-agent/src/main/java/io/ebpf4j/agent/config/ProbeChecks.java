package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.mesh.MeshFilter;

/**
 * {@code probes:}: the port (the mesh filter's own check), the interval, the train size; the key file
 * of {@code probes.auth} (owner-only, each line a key, subjects the mesh or a configured peer).
 */
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

    static void checkAuth(AgentConfig config, Checker c) {
        ProbeAuthConfig auth = config.probes().auth();
        if (auth == null || !c.required("probes.auth.keyFile", auth.keyFile(), "the probe key file (an absolute path)")) {
            return;
        }
        if (!auth.keyFile().isAbsolute()) {
            c.fail("probes.auth.keyFile", "expected an absolute path, got " + auth.keyFile());
            return;
        }
        ProbeKeyFile keys;
        try {
            keys = ProbeKeyFile.read(auth.keyFile());
        } catch (IllegalArgumentException e) {
            c.fail("probes.auth.keyFile", e.getMessage());
            return;
        }
        java.util.Set<io.ebpf4j.hooks.identity.SpiffeId> peers = new java.util.HashSet<>();
        config.peers().forEach(p -> peers.add(p.spiffeId()));
        for (io.ebpf4j.hooks.identity.SpiffeId id : keys.peers().keySet()) {
            if (!peers.contains(id)) {
                c.fail("probes.auth.keyFile", auth.keyFile() + " has keys for " + id + ", which is not one of the peers");
            }
        }
        if (keys.mesh().isEmpty() && auth.effectiveRequired()) {
            for (PeerConfig p : config.peers()) {
                if (p.probeAddress() != null && !keys.peers().containsKey(p.spiffeId())) {
                    c.fail("probes.auth.keyFile", auth.keyFile() + " has no key for the probed peer " + p.spiffeId()
                            + " and no mesh-wide key (*): its probes would all be refused");
                }
            }
        }
    }
}
