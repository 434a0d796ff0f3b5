package io.ebpf4j.heal.experiment.agents;

import io.ebpf4j.heal.experiment.report.ExperimentResult.AgentUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each agent's resident set size and CPU time from {@code /proc/PID/status} (VmRSS) and
 * {@code /proc/PID/stat} (utime + stime, in clock ticks of 1/100 s), sampled by the caller about once a
 * second; a node's figures span all its agent's incarnations. Thread-safe.
 */
final class AgentUsageSampler {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private static final class Node {
        int starts;
        int samples;
        double rssSumKb;
        long rssMaxKb;
        long ticksDone; // CPU ticks of incarnations already gone
        long ticksLast; // of the current one, at its last sample
        long aliveNanos;
        long lastSampleNanos = -1;
        long pid = -1;
    }

    private final Map<Integer, Node> nodes = new HashMap<>();

    /** Node {@code node}'s agent started (again) as {@code pid}. */
    synchronized void started(int node, long pid) {
        Node n = nodes.computeIfAbsent(node, k -> new Node());
        n.ticksDone += n.ticksLast;
        n.ticksLast = 0;
        n.starts++;
        n.pid = pid;
        n.lastSampleNanos = System.nanoTime();
    }

    /** Node {@code node}'s agent is gone (its last sample's CPU time is kept). */
    synchronized void stopped(int node) {
        Node n = nodes.get(node);
        if (n != null) {
            n.pid = -1;
        }
    }

    /** Samples every running agent. */
    synchronized void sample() {
        long now = System.nanoTime();
        for (Node n : nodes.values()) {
            if (n.pid < 0) {
                continue;
            }
            long rss = rssKb(n.pid);
            long ticks = cpuTicks(n.pid);
            if (rss < 0 || ticks < 0) {
                continue; // gone between the check and the read
            }
            n.samples++;
            n.rssSumKb += rss;
            n.rssMaxKb = Math.max(n.rssMaxKb, rss);
            n.ticksLast = ticks;
            n.aliveNanos += now - n.lastSampleNanos;
            n.lastSampleNanos = now;
        }
    }

    /** The figures so far, by node. */
    synchronized List<AgentUsage> usage() {
        List<AgentUsage> out = new ArrayList<>();
        nodes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            Node n = e.getValue();
            double cpuSeconds = (n.ticksDone + n.ticksLast) / TICKS_PER_SECOND;
            out.add(new AgentUsage(e.getKey(), n.starts, n.samples, n.samples == 0 ? 0 : n.rssSumKb / n.samples / 1024.0,
                    n.rssMaxKb / 1024.0, n.aliveNanos == 0 ? 0 : 100.0 * cpuSeconds / (n.aliveNanos / 1e9)));
        });
        return out;
    }

    private static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" "); // f[0] is field 3 (state)
            return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 utime, 15 stime
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
