package io.ebpf4j.agent.gossip;

import static org.junit.jupiter.api.Assertions.fail;

import io.ebpf4j.agent.GossipPlan;
import io.ebpf4j.agent.config.HostPort;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.loop.MemberState;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Gossip views on loopback, ephemeral ports, with quick probes; closes them all. */
final class Views implements AutoCloseable {
    /** Probes every 300 ms (150 ms for the ack), dead after 2 * log2(n) probe periods of suspicion. */
    static final GossipSettings QUICK = new GossipSettings(Duration.ofMillis(10), 3, 3, Duration.ofMillis(300),
            Duration.ofMillis(150), 2, 2, Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(500), true);

    private final List<GossipView> views = new ArrayList<>();

    /** A plan binding 127.0.0.1 on an ephemeral port, joining through {@code seeds}. */
    static GossipPlan plan(String... seeds) {
        return new GossipPlan(Optional.of(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                Arrays.stream(seeds).map(HostPort::parse).toList());
    }

    /** Starts the view of node {@code node} ("node-N"), joining through {@code seeds}. */
    GossipView start(int node, String... seeds) {
        return start(QUICK, node, seeds);
    }

    /** Starts the view of node {@code node} with {@code settings}. */
    GossipView start(GossipSettings settings, int node, String... seeds) {
        return start(settings, null, node, seeds);
    }

    /** Starts the view of node {@code node} with {@code settings}, authenticating with {@code keys} (null: not). */
    GossipView start(GossipSettings settings, GossipKeys keys, int node, String... seeds) {
        GossipView v = GossipView.builder(plan(seeds), node, "node-" + node).settings(settings).auth(keys).start();
        views.add(v);
        return v;
    }

    static EdgeFeatures edge(int from, int to, boolean anomalous, double score) {
        return new EdgeFeatures(from, to, anomalous ? 0.5 : 0.0, 120.0, 1e6, 0, 0, score, anomalous);
    }

    static NodeFeatures features(int node, boolean anomalous) {
        return new NodeFeatures(node, "spiffe://mesh.example/node-" + node, 0, 50.0, anomalous ? 3 : 0,
                anomalous ? 1 : 0, anomalous);
    }

    /** The edge from -> to in {@code g}, or null. */
    static EdgeFeatures edgeOf(TelemetryGraph g, int from, int to) {
        return g.edges().stream().filter(e -> e.from() == from && e.to() == to).findFirst().orElse(null);
    }

    static MemberState.Liveness liveness(GossipView v, int node) {
        MemberState s = v.membership().get(node);
        return s == null ? null : s.liveness();
    }

    /** Waits until {@code condition} holds, failing with {@code what} (and {@code state}) after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<Object> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail(what + " within " + timeout + "; state: " + state.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        for (int i = views.size() - 1; i >= 0; i--) {
            views.get(i).close();
        }
    }
}
