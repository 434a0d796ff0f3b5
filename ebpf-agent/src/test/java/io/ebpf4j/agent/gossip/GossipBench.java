package io.ebpf4j.agent.gossip;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.loop.MemberState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Measures the gossip view (not a unit test): N members on loopback, member 0 changes the state of its
 * edge 0->1 again and again, and every other member notes when the change arrived. Reports the
 * propagation latency to every other member (p50, p99, max; a change counts once per receiving member),
 * the share of changes that arrived, and the bytes per second each member sends (counted by the
 * transport: encoded messages plus their length prefix, no TCP/IP headers), idle and while the changes
 * flow, and the bytes each member sends per change.
 *
 * <p>Members run with {@link GossipSettings#defaults()}; {@code --push off} turns the direct push off
 * (the gossip alone: the path a publication takes when the direct one is broken). {@code --processes 3,5,8} runs each member in
 * its own JVM ({@link GossipMember}; send and receive instants are CLOCK_MONOTONIC, common to the
 * processes of one host); {@code --inprocess 50} runs the members in this JVM. Run (docs/agent/GOSSIP.md):
 *
 * <pre>
 * ./mvnw -B -ntp -q test-compile -pl ebpf-agent -am
 * ./mvnw -B -ntp -q dependency:build-classpath -pl ebpf-agent -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java --enable-native-access=ALL-UNNAMED -Dio.netty.noUnsafe=true \
 *   -cp ebpf-agent/target/test-classes:ebpf-agent/target/classes:$(cat /tmp/cp.txt) \
 *   io.ebpf4j.agent.gossip.GossipBench --processes 3,5,8 --inprocess 50
 * </pre>
 *
 * Options: {@code --push on|off}, {@code --changes 100} changes per run, {@code --every-ms 200} between changes,
 * {@code --idle-s 10} the idle window.
 */
public final class GossipBench {
    private static boolean push = true;

    private GossipBench() {}

    /** One run's figures. */
    record Row(String mode, int members, int changes, double deliveredPct, double p50, double p99, double max,
            double idleBpsMean, double busyBpsMean, double busyBpsMax, double bytesPerChangeMean,
            double gossipMessageBytes, long rssKbMean, String load) {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i], args[i + 1]);
        }
        int changes = Integer.parseInt(opt.getOrDefault("--changes", "100"));
        long everyMs = Long.parseLong(opt.getOrDefault("--every-ms", "200"));
        int idleS = Integer.parseInt(opt.getOrDefault("--idle-s", "10"));
        push = !opt.getOrDefault("--push", "on").equals("off");
        List<Row> rows = new ArrayList<>();
        if (opt.containsKey("--processes")) {
            for (String n : opt.get("--processes").split(",")) {
                rows.add(processes(Integer.parseInt(n), changes, everyMs, idleS));
                print(rows);
            }
        }
        if (opt.containsKey("--inprocess")) {
            for (String n : opt.get("--inprocess").split(",")) {
                rows.add(inProcess(Integer.parseInt(n), changes, everyMs, idleS));
                print(rows);
            }
        }
        System.exit(0);
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| mode | members | changes | arrived | p50 ms | p99 ms | max ms | idle B/s per member "
                + "| B/s per member at 5 changes/s (mean / max) | bytes per change per member | gossip message | member RSS | load avg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            System.out.println(String.format(Locale.ROOT,
                    "| %s | %d | %d | %.1f %% | %.1f | %.1f | %.1f | %.0f | %.0f / %.0f | %.0f | %.0f B | %s | %s |", r.mode(),
                    r.members(), r.changes(), r.deliveredPct(), r.p50(), r.p99(), r.max(), r.idleBpsMean(), r.busyBpsMean(),
                    r.busyBpsMax(), r.bytesPerChangeMean(), r.gossipMessageBytes(),
                    r.rssKbMean() > 0 ? (r.rssKbMean() / 1024) + " MiB" : "-", r.load()));
        }
        System.out.flush();
    }

    private static Row processes(int n, int changes, long everyMs, int idleS) throws Exception {
        List<MemberProcess> ps = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ps.add(new MemberProcess(i, i == 0 ? null : ps.getFirst().address, MemberProcess.log("bench-" + i),
                        push ? "defaults" : "gossip-only"));
            }
            for (MemberProcess p : ps) {
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (true) {
                    p.send("alive");
                    if (p.expect("ALIVE", Duration.ofSeconds(10)).startsWith("ALIVE " + n + " ")) {
                        break;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("members did not converge");
                    }
                    Thread.sleep(100);
                }
            }
            Thread.sleep(2000); // joins' gossip swept
            long[][] idle0 = traffic(ps);
            long t0 = System.nanoTime();
            Thread.sleep(idleS * 1000L);
            long[][] idle1 = traffic(ps);
            double idleSecs = (System.nanoTime() - t0) / 1e9;
            ps.forEach(MemberProcess::drain);

            long[] sent = new long[changes + 1];
            long b0 = System.nanoTime();
            for (int k = 1; k <= changes; k++) {
                ps.getFirst().send("edge 1 " + (k % 2 == 1) + " " + k);
                sent[k] = Long.parseLong(ps.getFirst().expect("SENT " + (double) k + " ", Duration.ofSeconds(10)).split(" ")[2]);
                Thread.sleep(everyMs);
            }
            Thread.sleep(2000);
            long[][] busy1 = traffic(ps);
            double busySecs = (System.nanoTime() - b0) / 1e9;
            List<Double> lat = new ArrayList<>();
            int arrived = 0;
            for (int i = 1; i < n; i++) {
                Map<Integer, Long> got = new HashMap<>();
                for (String l : ps.get(i).drain()) {
                    String[] w = l.split(" ");
                    if (w[0].equals("RECV") && w[1].equals("0") && w[2].equals("1")) {
                        got.putIfAbsent((int) Double.parseDouble(w[4]), Long.parseLong(w[5]));
                    }
                }
                for (int k = 1; k <= changes; k++) {
                    Long t = got.get(k);
                    if (t != null) {
                        arrived++;
                        lat.add((t - sent[k]) / 1e6);
                    }
                }
            }
            long rss = 0;
            for (MemberProcess p : ps) {
                rss += rssKb(p.pid());
            }
            return row(push ? "processes" : "processes, gossip only", n, changes, lat, arrived, idle0, idle1, idleSecs, busy1, busySecs, rss / n);
        } finally {
            for (MemberProcess p : ps) {
                p.close();
            }
        }
    }

    private static long[][] traffic(List<MemberProcess> ps) {
        long[][] out = new long[ps.size()][];
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).send("traffic");
            out[i] = Arrays.stream(ps.get(i).expect("TRAFFIC", Duration.ofSeconds(10)).split(" ")).skip(1)
                    .mapToLong(Long::parseLong).toArray();
        }
        return out;
    }

    private static long rssKb(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }

    private static Row inProcess(int n, int changes, long everyMs, int idleS) throws Exception {
        List<GossipView> views = new ArrayList<>();
        Map<Long, Long> arrivals = new ConcurrentHashMap<>(); // member << 32 | change -> nanos
        try {
            for (int i = 0; i < n; i++) {
                int member = i;
                GossipView[] self = new GossipView[1];
                GossipView v = GossipView.builder(Views.plan(i == 0 ? new String[0] : new String[] {views.getFirst().address()}),
                        i, "node-" + i).settings(GossipSettings.defaults().withDirectPush(push)).onChange(node -> {
                            long now = System.nanoTime();
                            if (node == 0 && self[0] != null) {
                                Publication p = self[0].latest(0);
                                if (p != null && !p.edges().isEmpty()) {
                                    arrivals.putIfAbsent(((long) member << 32) | (long) p.edges().getFirst().score(), now);
                                }
                            }
                        }).start();
                self[0] = v;
                views.add(v);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (views.stream().anyMatch(v -> v.membership().values().stream()
                    .filter(s -> s.liveness() == MemberState.Liveness.ALIVE).count() < n)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("members did not converge");
                }
                Thread.sleep(100);
            }
            Thread.sleep(3000);
            long[][] idle0 = trafficOf(views);
            long t0 = System.nanoTime();
            Thread.sleep(idleS * 1000L);
            long[][] idle1 = trafficOf(views);
            double idleSecs = (System.nanoTime() - t0) / 1e9;
            arrivals.clear();

            long[] sent = new long[changes + 1];
            long b0 = System.nanoTime();
            for (int k = 1; k <= changes; k++) {
                sent[k] = System.nanoTime();
                views.getFirst().publishEdges(List.of(new EdgeFeatures(0, 1, 0, 100, 1e6, 0, 0, k, k % 2 == 1)));
                Thread.sleep(everyMs);
            }
            Thread.sleep(2000);
            long[][] busy1 = trafficOf(views);
            double busySecs = (System.nanoTime() - b0) / 1e9;
            List<Double> lat = new ArrayList<>();
            int arrived = 0;
            for (int i = 1; i < n; i++) {
                for (int k = 1; k <= changes; k++) {
                    Long t = arrivals.get(((long) i << 32) | k);
                    if (t != null) {
                        arrived++;
                        lat.add((t - sent[k]) / 1e6);
                    }
                }
            }
            return row(push ? "one JVM" : "one JVM, gossip only", n, changes, lat, arrived, idle0, idle1, idleSecs, busy1, busySecs, 0);
        } finally {
            views.forEach(GossipView::close);
        }
    }

    private static long[][] trafficOf(List<GossipView> views) {
        long[][] out = new long[views.size()][];
        for (int i = 0; i < views.size(); i++) {
            GossipTraffic t = views.get(i).traffic();
            out[i] = new long[] {t.messagesSent(), t.bytesSent(), t.gossipMessagesSent(), t.gossipBytesSent(),
                    t.messagesReceived(), t.bytesReceived()};
        }
        return out;
    }

    private static Row row(String mode, int n, int changes, List<Double> lat, int arrived, long[][] idle0, long[][] idle1,
            double idleSecs, long[][] busy1, double busySecs, long rssKb) {
        lat.sort(Double::compare);
        double idleSum = 0;
        double busySum = 0;
        double busyMax = 0;
        double perChangeSum = 0;
        long gossipMessages = 0;
        long gossipBytes = 0;
        for (int i = 0; i < n; i++) {
            gossipMessages += busy1[i][2] - idle1[i][2];
            gossipBytes += busy1[i][3] - idle1[i][3];
            double idleBps = (idle1[i][1] - idle0[i][1]) / idleSecs;
            double busyBps = (busy1[i][1] - idle1[i][1]) / busySecs;
            idleSum += idleBps;
            busySum += busyBps;
            busyMax = Math.max(busyMax, busyBps);
            perChangeSum += Math.max(0, (busy1[i][1] - idle1[i][1]) - idleBps * busySecs) / changes;
        }
        return new Row(mode, n, changes, 100.0 * arrived / ((double) changes * (n - 1)), pct(lat, 0.50), pct(lat, 0.99),
                lat.isEmpty() ? Double.NaN : lat.getLast(), idleSum / n, busySum / n, busyMax, perChangeSum / n,
                gossipMessages == 0 ? Double.NaN : (double) gossipBytes / gossipMessages, rssKb, load());
    }

    /** The 1-minute load average now (the machine's other work disturbs the figures). */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static double pct(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
