package io.ebpf4j.heal.act;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link Routes} through the {@code ip} command ({@code ip -n NS route ...}), reading its JSON
 * output ({@code ip -j}). Works on a named network namespace or, with a null name, the current one.
 * Thread-safe (every call is one command).
 */
public final class IpRoutes implements Routes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String netns;

    /** The routes of network namespace {@code netns} ({@code /run/netns/NAME}), or of the current one when null. */
    public IpRoutes(String netns) {
        this.netns = netns;
    }

    /** The namespace, or null for the current one. */
    public String netns() {
        return netns;
    }

    @Override
    public Optional<Route> get(String prefix) {
        String p = Route.normalise(prefix);
        List<Route> found = parse(ip("-j", "route", "show", "exact", p));
        return found.stream().filter(r -> r.prefix().equals(p)).findFirst();
    }

    @Override
    public List<Route> list() {
        return parse(ip("-j", "route", "show"));
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
        ip(args.toArray(String[]::new));
    }

    @Override
    public boolean delete(String prefix) {
        String p = Route.normalise(prefix);
        if (get(p).isEmpty()) {
            return false;
        }
        ip("route", "del", p);
        return true;
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
        return netns == null ? "the current namespace" : netns;
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
