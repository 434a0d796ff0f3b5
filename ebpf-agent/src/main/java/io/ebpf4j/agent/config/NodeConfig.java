package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.MeshFilterObject;
import io.ebpf4j.link.XdpMode;
import java.util.List;

/**
 * The {@code node:} section: who this node is and where its mesh traffic arrives.
 *
 * <pre>{@code
 * node:
 *   spiffeId: spiffe://mesh.example/node/a   # required
 *   name: a                                   # default: the SPIFFE ID's last path segment
 *   interfaces: [eth0, eth1]                  # required, at least one
 *   xdpMode: default                          # default | generic | native | offload
 *   identityCapacity: 4096                    # identities the mesh filter can number, 2..65536
 * }</pre>
 *
 * @param spiffeId   this node's SPIFFE ID (required)
 * @param name       a short name for directories and labels (letters, digits, {@code . - _}); null: the
 *                   last path segment of the SPIFFE ID, or its trust domain when it has no path
 * @param interfaces the mesh interfaces the XDP filter attaches to (required, at least one)
 * @param xdpMode    the XDP attach mode; null: {@link XdpMode#DEFAULT} (native where the driver has it)
 * @param identityCapacity the mesh filter's identity capacity ({@code MeshFilter.Builder.identityCapacity});
 *                   null: {@link MeshFilterObject#DEFAULT_IDENTITY_CAPACITY}
 */
public record NodeConfig(SpiffeId spiffeId, String name, List<String> interfaces, XdpMode xdpMode,
        Integer identityCapacity) {
    public NodeConfig {
        interfaces = Lists.copy(interfaces);
    }

    /** The name, or the one derived from the SPIFFE ID; null when neither is known. */
    public String effectiveName() {
        if (name != null) {
            return name;
        }
        if (spiffeId == null) {
            return null;
        }
        List<String> segments = spiffeId.segments();
        return segments.isEmpty() ? spiffeId.trustDomain() : segments.getLast();
    }

    /** A node section without an identity capacity (the default one). */
    public NodeConfig(SpiffeId spiffeId, String name, List<String> interfaces, XdpMode xdpMode) {
        this(spiffeId, name, interfaces, xdpMode, null);
    }

    /** The identity capacity, {@link MeshFilterObject#DEFAULT_IDENTITY_CAPACITY} when not given. */
    public int effectiveIdentityCapacity() {
        return identityCapacity == null ? MeshFilterObject.DEFAULT_IDENTITY_CAPACITY : identityCapacity;
    }

    /** The XDP mode, {@link XdpMode#DEFAULT} when not given. */
    public XdpMode effectiveXdpMode() {
        return xdpMode == null ? XdpMode.DEFAULT : xdpMode;
    }
}
