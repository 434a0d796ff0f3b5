package io.ebpf4j.heal.act;

import java.util.Objects;

/**
 * One route of a node's main routing table.
 *
 * @param prefix destination with its length, e.g. {@code 198.19.0.2/32} (a bare address is read as
 *               a host route: /32, or /128 for IPv6)
 * @param via    the next hop's address, or null for a route straight out of {@code dev}
 * @param dev    the output interface, or null to let the kernel pick the one that reaches {@code via}
 */
public record Route(String prefix, String via, String dev) {
    public Route {
        Objects.requireNonNull(prefix, "prefix");
        prefix = normalise(prefix);
        if (via == null && dev == null) {
            throw new IllegalArgumentException("route to " + prefix + " needs a next hop or a device");
        }
    }

    /** A route via a next hop, the kernel choosing the device. */
    public static Route via(String prefix, String via) {
        return new Route(prefix, Objects.requireNonNull(via, "via"), null);
    }

    /** {@code prefix} with an explicit length ({@code /32} or {@code /128} added to a bare address). */
    public static String normalise(String prefix) {
        String p = prefix.strip();
        if (p.isEmpty() || p.contains(" ")) {
            throw new IllegalArgumentException("not a route prefix: '" + prefix + "'");
        }
        if (p.equals("default") || p.contains("/")) {
            return p;
        }
        return p + (p.contains(":") ? "/128" : "/32");
    }

    /**
     * Whether {@code actual} (read back from the kernel) is this route: same prefix and next hop, and
     * the same device when this route names one.
     */
    public boolean matches(Route actual) {
        return actual != null && prefix.equals(actual.prefix) && Objects.equals(via, actual.via)
                && (dev == null || dev.equals(actual.dev));
    }

    @Override
    public String toString() {
        return prefix + (via == null ? "" : " via " + via) + (dev == null ? "" : " dev " + dev);
    }
}
