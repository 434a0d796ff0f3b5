package io.ebpf4j.hooks.procfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads {@code /proc/net/dev}: per-interface counters of the calling thread's network namespace,
 * kept by the kernel without eBPF.
 */
public final class NetDev {
    /** The file this reads by default. */
    public static final Path PATH = Path.of("/proc/net/dev");

    private NetDev() {}

    /** The counters in {@link #PATH}, by interface name, in file order. */
    public static Map<String, InterfaceCounters> read() {
        return read(PATH);
    }

    /** The counters in {@code file}, by interface name, in file order. */
    public static Map<String, InterfaceCounters> read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * Parses the text of {@code /proc/net/dev}: two header lines, then {@code name: 16 numbers}
     * (receive bytes, packets, errs, drop, fifo, frame, compressed, multicast; transmit bytes,
     * packets, errs, drop, fifo, colls, carrier, compressed).
     *
     * @throws IllegalArgumentException naming the line that does not have that shape
     */
    public static Map<String, InterfaceCounters> parse(String text) {
        Map<String, InterfaceCounters> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue; // header lines
            }
            String name = line.substring(0, colon).strip();
            String[] f = line.substring(colon + 1).strip().split("\\s+");
            if (name.isEmpty() || f.length < 16) {
                throw new IllegalArgumentException("not a /proc/net/dev line: " + line);
            }
            long[] v = new long[16];
            for (int i = 0; i < 16; i++) {
                try {
                    v[i] = Long.parseUnsignedLong(f[i]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("not a number in /proc/net/dev line: " + line, e);
                }
            }
            out.put(name, new InterfaceCounters(name, v[0], v[1], v[2], v[3], v[8], v[9], v[10], v[11]));
        }
        return out;
    }
}
