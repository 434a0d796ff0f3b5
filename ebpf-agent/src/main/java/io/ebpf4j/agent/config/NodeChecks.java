package io.ebpf4j.agent.config;

import io.ebpf4j.hooks.mesh.MeshFilterObject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code node:}: the SPIFFE ID, the name, the interfaces, the identity capacity. */
final class NodeChecks {
    /** A name that is safe as one directory name. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    /** IFNAMSIZ - 1. */
    private static final int MAX_IFNAME = 15;

    private NodeChecks() {}

    static void check(NodeConfig node, Checker c) {
        c.required("node.spiffeId", node.spiffeId(), "this node's SPIFFE ID like spiffe://example.org/node/a");
        String name = node.name();
        if (name != null && (!NAME.matcher(name).matches() || name.equals(".") || name.equals(".."))) {
            c.fail("node.name", "expected a name of 1 to 64 letters, digits, '.', '-' or '_' (it names the pin and "
                    + "journal directories), got '" + name + "'");
        }
        Integer capacity = node.identityCapacity();
        if (capacity != null && (capacity < MeshFilterObject.MIN_IDENTITY_CAPACITY || capacity > MeshFilterObject.MAX_IDENTITY_CAPACITY)) {
            c.fail("node.identityCapacity", "expected the number of identities the mesh filter can number, "
                    + MeshFilterObject.MIN_IDENTITY_CAPACITY + ".." + MeshFilterObject.MAX_IDENTITY_CAPACITY + " (default "
                    + MeshFilterObject.DEFAULT_IDENTITY_CAPACITY + "), got " + capacity);
        }
        List<String> interfaces = node.interfaces();
        if (!c.nonEmpty("node.interfaces", interfaces, "a list of the mesh interfaces like [eth0]")) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < interfaces.size(); i++) {
            String path = KeyPath.item("node.interfaces", i);
            String ifname = interfaces.get(i);
            if (ifname == null) {
                c.required(path, null, "an interface name like eth0");
                continue;
            }
            String why = ifnameProblem(ifname);
            if (why != null) {
                c.fail(path, "expected an interface name like eth0, got '" + ifname + "' (" + why + ")");
            }
            Integer first = seen.putIfAbsent(ifname, i);
            if (first != null) {
                c.fail(path, "interface '" + ifname + "' is listed twice (first at " + c.at(KeyPath.item("node.interfaces", first)) + ")");
            }
        }
    }

    /** Why the kernel would refuse {@code n} as an interface name ({@code dev_valid_name}), or null. */
    static String ifnameProblem(String n) {
        if (n.isEmpty()) {
            return "empty";
        }
        if (n.length() > MAX_IFNAME) {
            return "at most " + MAX_IFNAME + " characters";
        }
        if (n.equals(".") || n.equals("..")) {
            return "'.' and '..' are not names";
        }
        for (int i = 0; i < n.length(); i++) {
            char ch = n.charAt(i);
            if (ch == '/' || ch == ':' || Character.isWhitespace(ch)) {
                return "no '/', ':' or white space";
            }
        }
        return null;
    }
}
