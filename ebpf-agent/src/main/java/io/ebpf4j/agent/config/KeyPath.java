package io.ebpf4j.agent.config;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.ArrayDeque;
import java.util.Deque;

/** Key paths as the problems name them: {@code peers[2].cidrs[0]}, {@code node.spiffeId}. */
final class KeyPath {
    private KeyPath() {}

    /**
     * The path of the token a parser is at, from its parsing context: an object member is
     * {@code .name}, an array element {@code [i]}; a context just entered (an object or array start)
     * adds nothing of its own.
     */
    static String of(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            if (c.inArray() && c.hasCurrentIndex()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.inObject() && c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String joined = String.join("", parts);
        return joined.startsWith(".") ? joined.substring(1) : joined;
    }

    /** {@code parent.key} (or {@code key} at the top). */
    static String key(String parent, String key) {
        return parent.isEmpty() ? key : parent + "." + key;
    }

    /** {@code parent[index]}. */
    static String item(String parent, int index) {
        return parent + "[" + index + "]";
    }

    /** The path one level up: {@code peers[2]} for {@code peers[2].cidrs}, {@code peers} for {@code peers[2]}. */
    static String parent(String path) {
        int dot = path.lastIndexOf('.');
        int bracket = path.lastIndexOf('[');
        int cut = Math.max(dot, bracket);
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
