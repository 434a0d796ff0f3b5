package io.ebpf4j.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The agent's systemd unit as shipped ({@code packaging/systemd/ebpf4j-agent.service}), read the way
 * systemd reads the settings the least-privilege tests depend on: {@code [Service]} assignments, one
 * per line, a key given several times accumulating (capability lists) or replacing (the rest), {@code #}
 * and {@code ;} comments. Continuation lines and specifiers are not used by the unit and refused.
 */
record AgentUnitFile(Path file, Map<String, List<String>> service) {
    /** The unit in this repository (tests run in their module's directory). */
    static final Path SHIPPED = Path.of("..", "packaging", "systemd", "ebpf4j-agent.service");
    /** The sysusers file that creates the unit's user. */
    static final Path SYSUSERS = Path.of("..", "packaging", "systemd", "ebpf4j.sysusers");

    static AgentUnitFile shipped() throws IOException {
        return read(SHIPPED);
    }

    static AgentUnitFile read(Path file) throws IOException {
        Map<String, List<String>> service = new LinkedHashMap<>();
        String section = "";
        int n = 0;
        for (String raw : Files.readAllLines(file)) {
            n++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.endsWith("\\") || line.contains("%")) {
                throw new IllegalArgumentException(file + ":" + n + ": continuation lines and specifiers are not read: " + raw);
            }
            if (line.startsWith("[")) {
                section = line;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException(file + ":" + n + ": not KEY=VALUE: " + raw);
            }
            if (section.equals("[Service]")) {
                service.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
        }
        return new AgentUnitFile(file, service);
    }

    /** The last value of a {@code [Service]} key, or null. */
    String value(String key) {
        List<String> v = service.get(key);
        return v == null || v.isEmpty() ? null : v.getLast();
    }

    /**
     * A capability list ({@code AmbientCapabilities=}, {@code CapabilityBoundingSet=}) as setpriv names
     * them: lower case without {@code cap_}, sorted; every assignment adds to it (an empty one resets it,
     * a {@code ~} list inverts it: refused here, the unit does not use it).
     */
    List<String> capabilities(String key) {
        TreeSet<String> caps = new TreeSet<>();
        for (String v : service.getOrDefault(key, List.of())) {
            if (v.startsWith("~")) {
                throw new IllegalArgumentException(file + ": " + key + "=~... (an inverted list) is not read");
            }
            if (v.isEmpty()) {
                caps.clear();
            }
            for (String c : v.split("\\s+")) {
                if (!c.isEmpty()) {
                    String lc = c.toLowerCase(Locale.ROOT);
                    if (!lc.startsWith("cap_")) {
                        throw new IllegalArgumentException(file + ": " + key + ": not a capability: " + c);
                    }
                    caps.add(lc.substring(4));
                }
            }
        }
        return List.copyOf(caps);
    }

    /** {@code ExecStart=}'s words (the unit quotes nothing). */
    List<String> execStart() {
        String v = value("ExecStart");
        if (v == null) {
            throw new IllegalStateException(file + " has no ExecStart=");
        }
        if (v.contains("\"") || v.contains("'") || v.startsWith("-") || v.startsWith("+") || v.startsWith("!")) {
            throw new IllegalArgumentException(file + ": ExecStart= with quotes or a prefix is not read: " + v);
        }
        return List.of(v.split("\\s+"));
    }
}
