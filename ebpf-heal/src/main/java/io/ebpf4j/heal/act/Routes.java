package io.ebpf4j.heal.act;

import java.util.List;
import java.util.Optional;

/**
 * A node's main routing table, as the reroute action needs it. Failures (a next hop on a device that
 * is down, a missing route) throw {@link IllegalStateException} carrying the tool's message.
 */
public interface Routes {
    /** The route for exactly {@code prefix} (not a covering one), if any. */
    Optional<Route> get(String prefix);

    /** Every route of the main table (those with a next hop or device). */
    List<Route> list();

    /** Adds {@code route}, replacing any route for the same prefix. */
    void replace(Route route);

    /** Deletes the route for {@code prefix}; false when there was none. */
    boolean delete(String prefix);

    /** Where the kernel would send a packet to {@code address} now: the chosen route as a host route. */
    Route lookup(String address);
}
