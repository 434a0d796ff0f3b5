package io.ebpf4j.agent;

import io.ebpf4j.hooks.mesh.IdentityBinding;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * A peer's identity binding as configured ({@code peers[].binding}): names, resolved to an
 * {@link IdentityBinding} in the agent's network namespace when it is applied.
 *
 * @param ifname the interface the peer's frames must come in on; empty: any
 * @param mac    the neighbour's MAC address, normalised to {@code aa:bb:cc:dd:ee:ff}; empty: any
 * @param drop   whether frames breaking the binding are dropped (else only counted)
 */
public record BindingPlan(Optional<String> ifname, Optional<String> mac, boolean drop) {
    public BindingPlan {
        Objects.requireNonNull(ifname, "ifname");
        mac = Objects.requireNonNull(mac, "mac").map(m -> HexFormat.ofDelimiter(":").formatHex(IdentityBinding.parseMac(m)));
        if (ifname.isEmpty() && mac.isEmpty()) {
            throw new IllegalArgumentException("a binding names an interface, a MAC address or both");
        }
    }

    /**
     * The binding for the mesh filter, its interface looked up in the calling thread's network namespace.
     *
     * @throws IllegalArgumentException when the interface does not exist there
     */
    public IdentityBinding resolve() {
        Optional<byte[]> m = mac.map(IdentityBinding::parseMac);
        if (ifname.isPresent()) {
            IdentityBinding i = IdentityBinding.onInterface(ifname.get(), drop);
            return new IdentityBinding(i.ifindex(), m, drop);
        }
        return new IdentityBinding(0, m, drop);
    }

    /** E.g. {@code bound to eth1, mac 02:00:00:00:01:02, dropping}. */
    public String describe() {
        return "bound to " + ifname.orElse("any interface") + mac.map(m -> ", mac " + m).orElse("")
                + (drop ? ", dropping" : ", counting only");
    }
}
