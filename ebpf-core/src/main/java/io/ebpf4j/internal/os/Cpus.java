package io.ebpf4j.internal.os;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU sets as sysfs lists them ({@code /sys/devices/system/cpu/online}, {@code .../possible}). */
public final class Cpus {
    private static final Path SYS_CPU = Path.of("/sys/devices/system/cpu");

    private Cpus() {}

    /** The online CPUs, ascending. */
    public static List<Integer> online() {
        return read("online");
    }

    /** The possible CPUs, ascending (the highest plus one is what per-CPU maps size themselves to). */
    public static List<Integer> possible() {
        return read("possible");
    }

    private static List<Integer> read(String which) {
        try {
            return parse(Files.readString(SYS_CPU.resolve(which)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + SYS_CPU.resolve(which), e);
        }
    }

    /** Parses a kernel CPU list such as {@code 0-3,5,7-8}. */
    public static List<Integer> parse(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("not a CPU list: " + list);
            }
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return List.copyOf(cpus);
    }
}
