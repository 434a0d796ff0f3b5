package io.ebpf4j.heal.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The heal loop's own routing table, consulted for the packets the node itself sends and for no
 * other: a policy rule {@code iif lo lookup TABLE} (IPv4 and IPv6) at {@code priority}, after the
 * {@code local} table (addresses the node serves itself stay local) and before {@code main}. The loop
 * puts its reroutes here ({@link HealRouteAction}) and never changes the main table.
 *
 * <p>This is what keeps detours free of routing loops whatever the views the nodes decided on: a
 * packet the node forwards for another node is routed by the main table only, so a detour deflects
 * the node's own traffic by one hop and a neighbour never deflects it further. Two nodes that each
 * send a prefix through the other (the loop of stale or partitioned views) make no loop: each one's
 * packets reach the other, which forwards them by its main table (to the destination, or nowhere).
 * Removing the table ({@link #flush()}) gives every prefix back to the main table at once.
 *
 * <p>Works through the {@code ip} command on a named network namespace or, with a null name, the
 * current one. Thread-safe (every call is one command).
 */
public final class HealTable {
    /** The table the loop uses unless told otherwise. */
    public static final int DEFAULT_TABLE = 4600;
    /** The rule priority unless told otherwise: after {@code local} (0), before {@code main} (32766). */
    public static final int DEFAULT_PRIORITY = 1000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String netns;
    private final int table;
    private final int priority;
    private final IpRoutes routes;

    /** The table {@link #DEFAULT_TABLE} at {@link #DEFAULT_PRIORITY} in {@code netns} (null: the current namespace). */
    public HealTable(String netns) {
        this(netns, DEFAULT_TABLE, DEFAULT_PRIORITY);
    }

    /**
     * @param netns    the network namespace, or null for the current one
     * @param table    the routing table, 1..2^31-1 but not 253..255 (the kernel's default, main, local)
     * @param priority the rule's priority, 1..32765 (after local, before main)
     */
    public HealTable(String netns, int table, int priority) {
        if (table < 1 || (table >= 253 && table <= 255)) {
            throw new IllegalArgumentException("heal table must be 1..2^31-1 and not 253..255 (default, main, local): "
                    + table);
        }
        if (priority < 1 || priority > 32765) {
            throw new IllegalArgumentException("heal table rule priority must be 1..32765 (after local, before main): "
                    + priority);
        }
        this.netns = netns;
        this.table = table;
        this.priority = priority;
        this.routes = new IpRoutes(netns, table);
    }

    /** The namespace, or null for the current one. */
    public String netns() {
        return netns;
    }

    /** The routing table number. */
    public int table() {
        return table;
    }

    /** The rule's priority. */
    public int priority() {
        return priority;
    }

    /** The table's routes, as the route actions read and write them. */
    public Routes routes() {
        return routes;
    }

    /**
     * Adds the rule {@code iif lo lookup TABLE} for IPv4 and IPv6 where it is missing; idempotent. IPv6
     * turned off in the namespace leaves the IPv4 rule only.
     *
     * @throws IllegalStateException when the IPv4 rule cannot be added (no CAP_NET_ADMIN, another rule at
     *                               the same priority), with ip's message
     */
    public void install() {
        for (String family : List.of("-4", "-6")) {
            if (ruleInstalled(family)) {
                continue;
            }
            try {
                IpCommand.run(netns, family, "rule", "add", "pref", Integer.toString(priority), "iif", "lo", "lookup",
                        Integer.toString(table));
            } catch (IllegalStateException e) {
                if (family.equals("-4")) {
                    throw new IllegalStateException("installing the heal table's rule (" + this + "): " + e.getMessage()
                            + "; remedy: run with CAP_NET_ADMIN, or choose a free rule priority", e);
                }
                // no IPv6 in this namespace: IPv6 prefixes cannot be rerouted, the rest works
            }
        }
    }

    /** Whether the IPv4 rule is in place. */
    public boolean installed() {
        return ruleInstalled("-4");
    }

    private boolean ruleInstalled(String family) {
        String out;
        try {
            out = IpCommand.run(netns, "-j", family, "rule", "show", "pref", Integer.toString(priority));
        } catch (IllegalStateException e) {
            return false;
        }
        try {
            JsonNode rules = JSON.readTree(out.isBlank() ? "[]" : out);
            for (JsonNode r : rules) {
                if ("lo".equals(r.path("iif").asText(null)) && Integer.toString(table).equals(r.path("table").asText(null))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse ip rule JSON: " + out, e);
        }
    }

    /** Every route in the table, IPv4 then IPv6. */
    public List<Route> list() {
        List<Route> out = new ArrayList<>(IpRoutes.parse(IpCommand.readTable(netns, "-j", "-4", "route", "show", "table",
                Integer.toString(table))));
        try {
            out.addAll(IpRoutes.parse(IpCommand.readTable(netns, "-j", "-6", "route", "show", "table",
                    Integer.toString(table))));
        } catch (IllegalStateException e) {
            // no IPv6 in this namespace
        }
        return out;
    }

    /** Deletes every route of the table (the main table's routes apply again); returns how many there were. */
    public int flush() {
        int n = list().size();
        if (n > 0) {
            for (String family : List.of("-4", "-6")) {
                try {
                    IpCommand.readTable(netns, family, "route", "flush", "table", Integer.toString(table));
                } catch (IllegalStateException e) {
                    if (family.equals("-4")) {
                        throw e;
                    }
                }
            }
        }
        return n;
    }

    /** Flushes the table and removes its rules; idempotent. Returns what it removed, one line each. */
    public List<String> uninstall() {
        List<String> removed = new ArrayList<>();
        int n = flush();
        if (n > 0) {
            removed.add(n + (n == 1 ? " route" : " routes") + " of table " + table);
        }
        for (String family : List.of("-4", "-6")) {
            while (ruleInstalled(family)) {
                IpCommand.run(netns, family, "rule", "del", "pref", Integer.toString(priority), "iif", "lo", "lookup",
                        Integer.toString(table));
                removed.add("the " + (family.equals("-4") ? "IPv4" : "IPv6") + " rule iif lo lookup " + table);
            }
        }
        return removed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HealTable t && Objects.equals(netns, t.netns) && table == t.table && priority == t.priority;
    }

    @Override
    public int hashCode() {
        return Objects.hash(netns, table, priority);
    }

    @Override
    public String toString() {
        return "HealTable[" + (netns == null ? "current namespace" : netns) + ", table " + table + ", priority " + priority
                + "]";
    }
}
