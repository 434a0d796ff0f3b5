package io.ebpf4j.agent;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.ProbeKeys;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Probe authentication ({@code MeshGuards}): the keys read from {@code probes.auth.keyFile} and
 * whether probes must carry the MAC.
 *
 * @param required whether unauthenticated probes are refused
 * @param mesh     the mesh-wide keys, if any
 * @param peers    the keys of the link to each peer that has its own
 */
public record ProbeAuthPlan(boolean required, Optional<ProbeKeys> mesh, Map<SpiffeId, ProbeKeys> peers) {
    /** No keys, nothing required. */
    public static final ProbeAuthPlan NONE = new ProbeAuthPlan(false, Optional.empty(), Map.of());

    public ProbeAuthPlan {
        Objects.requireNonNull(mesh, "mesh");
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }

    /** The ids of {@code keys}, signing key first, e.g. {@code [2, 1]}; {@code none} when absent. */
    public static String ids(Optional<ProbeKeys> keys) {
        return keys.map(k -> k.keys().stream().map(x -> String.valueOf(x.id())).toList().toString()).orElse("none");
    }
}
