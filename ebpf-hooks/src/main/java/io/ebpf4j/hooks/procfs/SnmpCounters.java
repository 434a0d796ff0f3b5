package io.ebpf4j.hooks.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Reads the protocol counters of {@code /proc/net/snmp} ({@code Tcp:}, {@code Udp:}, ...) and
 * {@code /proc/net/netstat} ({@code TcpExt:}, {@code IpExt:}, ...): both files hold pairs of lines,
 * {@code Group: name name ...} then {@code Group: value value ...}.
 *
 * @param groups counters by group (e.g. "Tcp") then by name (e.g. "RetransSegs")
 */
public record SnmpCounters(Map<String, Map<String, Long>> groups) {
    /** {@code /proc/net/snmp}. */
    public static final Path SNMP = Path.of("/proc/net/snmp");
    /** {@code /proc/net/netstat}. */
    public static final Path NETSTAT = Path.of("/proc/net/netstat");

    public SnmpCounters {
        Map<String, Map<String, Long>> copy = new LinkedHashMap<>();
        groups.forEach((g, m) -> copy.put(g, Map.copyOf(m)));
        groups = java.util.Collections.unmodifiableMap(copy);
    }

    /** Counter {@code name} of {@code group}, if this kernel has it. */
    public OptionalLong get(String group, String name) {
        Long v = groups.getOrDefault(group, Map.of()).get(name);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** {@link #SNMP} and {@link #NETSTAT} together. */
    public static SnmpCounters read() {
        return read(SNMP, NETSTAT);
    }

    /** The groups of all {@code files} (missing files are skipped: not every kernel has netstat). */
    public static SnmpCounters read(Path... files) {
        Map<String, Map<String, Long>> all = new LinkedHashMap<>();
        for (Path f : files) {
            if (!Files.exists(f)) {
                continue;
            }
            try {
                all.putAll(parse(Files.readString(f)).groups());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + f, e);
            }
        }
        return new SnmpCounters(all);
    }

    /**
     * Parses the text of {@code /proc/net/snmp} or {@code /proc/net/netstat}. Values are signed
     * (Tcp MaxConn is -1).
     *
     * @throws IllegalArgumentException naming the group whose lines do not pair up
     */
    public static SnmpCounters parse(String text) {
        Map<String, Map<String, Long>> out = new LinkedHashMap<>();
        String[] lines = text.strip().split("\n");
        for (int i = 0; i + 1 < lines.length; i += 2) {
            String[] names = lines[i].strip().split("\\s+");
            String[] values = lines[i + 1].strip().split("\\s+");
            if (!names[0].endsWith(":") || !names[0].equals(values[0]) || names.length != values.length) {
                throw new IllegalArgumentException("names and values do not pair up: " + lines[i] + " / " + lines[i + 1]);
            }
            Map<String, Long> group = new LinkedHashMap<>();
            for (int k = 1; k < names.length; k++) {
                try {
                    group.put(names[k], Long.parseLong(values[k]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number for " + names[0] + names[k] + ": " + values[k], e);
                }
            }
            out.put(names[0].substring(0, names[0].length() - 1), group);
        }
        if (lines.length % 2 != 0 && !lines[0].isBlank()) {
            throw new IllegalArgumentException("a names line has no values line: " + lines[lines.length - 1]);
        }
        return new SnmpCounters(out);
    }
}
