package io.ebpf4j.hooks.mesh;

import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * What an identity's frames must show beyond their source address: the interface they come in on,
 * and, on a one-hop link, the neighbour's MAC address (the outer Ethernet source; for batman-adv the
 * one-hop neighbour, not the originator). A frame from the identity's prefixes that breaks the
 * binding is counted ({@link GuardCounters#wrongInterface()}, {@link GuardCounters#wrongMac()}) and,
 * with {@link #drop()}, dropped. The source prefix alone proves nothing about who sent a frame: any
 * host that can put a frame on the link can write any source address; a binding narrows that to
 * frames arriving where, and from the neighbour, the identity is known to be (docs/SECURITY.md).
 *
 * @param ifindex the interface index (0: any interface)
 * @param mac     the neighbour's MAC address, 6 bytes; empty: any
 * @param drop    drop frames breaking the binding (false: count them only)
 */
public record IdentityBinding(int ifindex, Optional<byte[]> mac, boolean drop) {
    public IdentityBinding {
        if (ifindex < 0) {
            throw new IllegalArgumentException("negative interface index: " + ifindex);
        }
        mac = Objects.requireNonNull(mac, "mac").map(byte[]::clone);
        if (mac.isPresent() && mac.get().length != 6) {
            throw new IllegalArgumentException("a MAC address has 6 bytes, not " + mac.get().length);
        }
        if (ifindex == 0 && mac.isEmpty()) {
            throw new IllegalArgumentException("a binding names an interface, a MAC address or both");
        }
    }

    /** Bound to interface {@code ifname}, resolved in the calling thread's network namespace. */
    public static IdentityBinding onInterface(String ifname, boolean drop) {
        return new IdentityBinding(ifindex(ifname), Optional.empty(), drop);
    }

    /** Bound to interface {@code ifname} and neighbour {@code mac} ({@code 02:00:00:00:00:0a}). */
    public static IdentityBinding onLink(String ifname, String mac, boolean drop) {
        return new IdentityBinding(ifindex(ifname), Optional.of(parseMac(mac)), drop);
    }

    @Override
    public Optional<byte[]> mac() {
        return mac.map(byte[]::clone);
    }

    /** {@code aa:bb:cc:dd:ee:ff} (or with '-') as 6 bytes. */
    public static byte[] parseMac(String text) {
        String hex = Objects.requireNonNull(text, "mac").replace(":", "").replace("-", "");
        if (hex.length() != 12) {
            throw new IllegalArgumentException("expected a MAC address as aa:bb:cc:dd:ee:ff, got '" + text + "'");
        }
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a MAC address as aa:bb:cc:dd:ee:ff, got '" + text + "'");
        }
    }

    private static int ifindex(String ifname) {
        try {
            NetworkInterface i = NetworkInterface.getByName(Objects.requireNonNull(ifname, "ifname"));
            if (i == null) {
                throw new IllegalArgumentException("no interface " + ifname + " in this network namespace (for "
                        + "another namespace, make the binding inside NetNs.run)");
            }
            return i.getIndex();
        } catch (SocketException e) {
            throw new IllegalArgumentException("cannot look interface " + ifname + " up: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdentityBinding b && b.ifindex == ifindex && b.drop == drop
                && b.mac.isPresent() == mac.isPresent()
                && (mac.isEmpty() || java.util.Arrays.equals(b.mac.get(), mac.get()));
    }

    @Override
    public int hashCode() {
        return ifindex * 31 + (drop ? 1 : 0) + mac.map(java.util.Arrays::hashCode).orElse(0);
    }

    @Override
    public String toString() {
        return "IdentityBinding[ifindex=" + ifindex + ", mac=" + mac.map(m -> HexFormat.ofDelimiter(":").formatHex(m))
                .orElse("any") + ", drop=" + drop + "]";
    }
}
