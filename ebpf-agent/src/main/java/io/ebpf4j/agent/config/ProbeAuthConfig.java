package io.ebpf4j.agent.config;

import java.nio.file.Path;

/**
 * The {@code probes.auth:} section: the keys of the probe MAC ({@code MeshGuards}) and whether probes
 * must carry it.
 *
 * <pre>{@code
 * probes:
 *   auth:
 *     keyFile: /etc/ebpf4j/probe.keys   # required: the keys (see ProbeKeyFile), mode 0600
 *     required: true                    # unauthenticated probes are refused (default true)
 * }</pre>
 *
 * The key file is read at start and at every reload (SIGHUP): rotating a key is editing that file and
 * reloading, on every node (docs/SECURITY.md, "Probe keys").
 *
 * @param keyFile  the key file (absolute path)
 * @param required whether unauthenticated probes are refused; null: true
 */
public record ProbeAuthConfig(Path keyFile, Boolean required) {
    /** Whether probes must be authenticated (default true). */
    public boolean effectiveRequired() {
        return required == null || required;
    }
}
