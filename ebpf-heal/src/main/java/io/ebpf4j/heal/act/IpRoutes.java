package io.ebpf4j.heal.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Routes} through the {@code ip} command ({@code ip -n NS route ...}), reading its JSON
 * output ({@code ip -j}). Works on a named network namespace or, with a null name, the current one,
 * and on its main routing table or another one ({@link #IpRoutes(String, int)}: the heal loop keeps
 * its routes in a table of its own, see {@link HealTable}). {@link #lookup} asks the whole routing
 * policy, as the kernel routes the node's own packets. Thread-safe (every call is one command).
 */
public final class IpRoutes implements Routes {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The kernel's main table ({@code RT_TABLE_MAIN}). */
    static final int MAIN = 254;

    private final String netns;
    private final int table;

    /** The main table of network namespace {@code netns} ({@code /run/netns/NAME}), or of the current one when null. */
    public IpRoutes(String netns) {
        this(netns, MAIN);
    }

    /**
     * Table {@code table} (1..2^32-1) of network namespace {@code netns}, or of the current one when null.
     *
     * @throws IllegalArgumentException for a table number the kernel does not have
     */
    public IpRoutes(String netns, int table) {
        if (table == 0 || table == 255) {
            throw new IllegalArgumentException("not a routing table to keep routes in: " + Integer.toUnsignedString(table)
                    + " (0 is unspecified, 255 the local table)");
        }
        this.netns = netns;
        this.table = table;
    }

    /** The namespace, or null for the current one. */
    public String netns() {
        return netns;
    }

    /** The routing table, 254 for the main one. */
    public int table() {
        return table;
    }

    @Override
    public Optional<Route> get(String prefix) {
        String p = Route.normalise(prefix);
        List<Route> found = parse(IpCommand.readTable(netns, withTable("-j", "route", "show", "exact", p)));
        return found.stream().filter(r -> r.prefix().equals(p)).findFirst();
    }

    @Override
    public List<Route> list() {
        return parse(IpCommand.readTable(netns, withTable("-j", "route", "show")));
    }

    @Override
    public void replace(Route route) {
        List<String> args = new ArrayList<>(List.of("route", "replace", route.prefix()));
        if (route.via() != null) {
            args.add("via");
            args.add(route.via());
        }
        if (route.dev() != null) {
            args.add("dev");
            args.add(route.dev());
        }
        ip(withTable(args.toArray(String[]::new)));
    }

    @Override
    public boolean delete(String prefix) {
        String p = Route.normalise(prefix);
        if (get(p).isEmpty()) {
            return false;
        }
        ip(withTable("route", "del", p));
        return true;
    }

    /** {@code args} with {@code table N} appended, unless this is the main table (ip's default). */
    private String[] withTable(String... args) {
        if (table == MAIN) {
            return args;
        }
        String[] out = java.util.Arrays.copyOf(args, args.length + 2);
        out[args.length] = "table";
        out[args.length + 1] = Integer.toUnsignedString(table);
        return out;
    }

    @Override
    public Route lookup(String address) {
        List<Route> found = parse(ip("-j", "route", "get", address));
        if (found.isEmpty()) {
            throw new IllegalStateException("ip route get " + address + " in " + where() + " returned nothing");
        }
        return found.get(0);
    }

    private String where() {
        return (netns == null ? "the current namespace" : netns) + (table == MAIN ? "" : ", table "
                + Integer.toUnsignedString(table));
    }

    private String ip(String... args) {
        return IpCommand.run(netns, args);
    }

    /** Routes in {@code ip -j route} output ({@code dst}, {@code gateway}, {@code dev}); entries without both are skipped. */
    static List<Route> parse(String json) {
        String text = json.strip();
        if (text.isEmpty()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse ip route JSON: " + text, e);
        }
        List<Route> routes = new ArrayList<>();
        for (JsonNode r : root) {
            String dst = r.path("dst").asText(null);
            String via = r.path("gateway").asText(null);
            String dev = r.path("dev").asText(null);
            if (dst != null && (via != null || dev != null)) {
                routes.add(new Route(dst, via, dev));
            }
        }
        return routes;
    }

    @Override
    public String toString() {
        return "IpRoutes[" + where() + "]";
    }
}
