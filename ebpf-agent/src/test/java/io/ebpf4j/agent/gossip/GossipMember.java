package io.ebpf4j.agent.gossip;

import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.loop.MemberState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gossip member in its own JVM, driven through stdin and reporting on stdout (its logs go to
 * stderr), for {@link GossipProcessTest} and {@link GossipBench}. Arguments: node number, the seed
 * address or {@code -}, and optionally {@code defaults} (the production {@link GossipSettings#defaults()})
 * or {@code gossip-only} (the same without the direct push); without it the tests' quick probes,
 * {@link Views#QUICK}.
 *
 * <pre>
 * out: ADDR ip:port                      once joined
 * in:  edge TO ANOMALOUS SCORE           publishes this node's edge to TO
 * out: SENT SCORE NANOS                  the instant it was handed to the view (CLOCK_MONOTONIC)
 * out: RECV FROM TO ANOMALOUS SCORE NANOS   another node's edge arrived with a new score
 * in:  traffic -> out: TRAFFIC msgsSent bytesSent gossipMsgs gossipBytes msgsRecv bytesRecv
 * in:  alive   -> out: ALIVE n {...}     nodes whose agents are alive, then the membership
 * in:  quit                              leaves and exits
 * </pre>
 */
public final class GossipMember {
    private GossipMember() {}

    public static void main(String[] args) throws Exception {
        int node = Integer.parseInt(args[0]);
        String[] seeds = args[1].equals("-") ? new String[0] : new String[] {args[1]};
        GossipSettings settings = args.length < 3 ? Views.QUICK : switch (args[2]) {
            case "defaults" -> GossipSettings.defaults();
            case "gossip-only" -> GossipSettings.defaults().withDirectPush(false);
            default -> throw new IllegalArgumentException("settings: defaults or gossip-only, not " + args[2]);
        };
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Map<Long, Double> lastScore = new ConcurrentHashMap<>();
        GossipView[] self = new GossipView[1];
        GossipView view = GossipView.builder(Views.plan(seeds), node, "node-" + node).settings(settings).onChange(n -> {
            long now = System.nanoTime();
            Publication p = self[0] == null ? null : self[0].latest(n);
            if (p == null) {
                return;
            }
            for (EdgeFeatures e : p.edges()) {
                Double before = lastScore.put(((long) e.from() << 32) | e.to(), e.score());
                if (before == null || before != e.score()) {
                    out.println("RECV " + e.from() + " " + e.to() + " " + e.anomalous() + " " + e.score() + " " + now);
                }
            }
        }).start();
        self[0] = view;
        out.println("ADDR " + view.address());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (view) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] w = line.strip().split(" ");
                switch (w[0]) {
                    case "edge" -> {
                        double score = Double.parseDouble(w[3]);
                        long t = System.nanoTime();
                        view.publishEdges(List.of(new EdgeFeatures(node, Integer.parseInt(w[1]), 0, 100, 1e6, 0, 0,
                                score, Boolean.parseBoolean(w[2]))));
                        out.println("SENT " + score + " " + t);
                    }
                    case "traffic" -> {
                        GossipTraffic t = view.traffic();
                        out.println("TRAFFIC " + t.messagesSent() + " " + t.bytesSent() + " " + t.gossipMessagesSent() + " "
                                + t.gossipBytesSent() + " " + t.messagesReceived() + " " + t.bytesReceived());
                    }
                    case "alive" -> out.println("ALIVE " + view.membership().values().stream()
                            .filter(s -> s.liveness() == MemberState.Liveness.ALIVE).count() + " " + view.membership());
                    case "quit" -> {
                        return;
                    }
                    default -> out.println("ERROR unknown command " + w[0]);
                }
            }
        }
    }
}
