package io.ebpf4j.heal.loop;

import static io.ebpf4j.heal.loop.RigTesting.await;
import static io.ebpf4j.heal.loop.RigTesting.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ebpf4j.features.KernelFeature;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.act.Route;
import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.fault.FaultInjector;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.experiment.mesh.MeshTraffic;
import io.ebpf4j.heal.experiment.run.HealMeshTopology;
import io.ebpf4j.heal.experiment.run.HealRig;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.heal.graph.NodeFeatures;
import io.ebpf4j.heal.graph.TelemetryGraph;
import io.ebpf4j.heal.plan.Decision;
import io.ebpf4j.kernel.MapType;
import io.ebpf4j.kernel.ProgramType;
import io.ebpf4j.testkit.Commands;
import io.ebpf4j.testkit.RequiresKernel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The loop-free invariant on the real kernel. On a 5-node namespace mesh, nodes 0 and 1 run their own
 * loops ({@link NodeHealLoop}) with views that are cut off: each knows the other nodes' records only
 * as they were before the faults (a partitioned gossip). Links 0-2 and 1-2 go down together; each loop
 * sees its own link die and, believing the other's link to node 2 healthy, sends node 2's service
 * through the other: node 0 via node 1 and node 1 via node 0, the routes of the routing loop the
 * single-process runs once made. Installed as heal routes they make no loop: node 0's packets reach
 * node 1, which forwards them by its main table (no route: dropped with "unreachable"); packets node 0
 * forwards for node 4 follow node 0's main table (no route either); the kernels count no TTL expiry.
 * Once link 1-2 is back the same stale detour delivers. The same routes in the main tables make node
 * 4's packets bounce between nodes 0 and 1 until their TTL expires (the counter sees it), which shows
 * the check works.
 */
@RequiresKernel(value = {KernelFeature.XDP_ATTACH, KernelFeature.CAP_NET_ADMIN, KernelFeature.CAP_SYS_ADMIN},
        programTypes = ProgramType.XDP, mapTypes = {MapType.LPM_TRIE, MapType.PERCPU_ARRAY, MapType.HASH, MapType.ARRAY})
class LoopFreeDetoursKernelTest {

    /**
     * A view cut off from the other nodes: this node's own records live, every other node's frozen as
     * they were when the partition began (all links healthy), no membership evidence.
     */
    static final class CutOffView implements SharedView {
        private final int self;
        private final MeshView own = new MeshView();
        private final List<EdgeFeatures> frozen = new ArrayList<>();

        CutOffView(int self, HealMesh mesh) {
            this.self = self;
            for (int a = 0; a < mesh.size(); a++) {
                for (int b : mesh.neighbours(a)) {
                    if (a != self) {
                        frozen.add(new EdgeFeatures(a, b, 0, 60, 0, 0, 0, 0, false));
                    }
                }
            }
        }

        @Override
        public void publishEdges(List<EdgeFeatures> analysed) {
            own.publishEdges(analysed.stream().filter(e -> e.from() == self).toList());
        }

        @Override
        public void publishNode(NodeFeatures n) {
            own.publishNode(n);
        }

        @Override
        public TelemetryGraph snapshot(long monoNanos) {
            TelemetryGraph g = own.snapshot(monoNanos);
            List<EdgeFeatures> edges = new ArrayList<>(g.edges());
            edges.addAll(frozen);
            return new TelemetryGraph(monoNanos, g.nodes(), edges);
        }
    }

    @Test
    void twoLoopsWithCutOffViewsDetourThroughEachOtherAndNoPacketLoops() {
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        try {
            HealMesh mesh = push(owned, HealMesh.create(5));
            List<NodeHooks> hooks = new ArrayList<>();
            for (int i = 0; i < mesh.size(); i++) {
                hooks.add(push(owned, HealRig.nodeHooks(mesh, i, Duration.ofMillis(10))));
            }
            List<NodeHealLoop> loops = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                HealNode node = HealNode.of(new HealMeshTopology(mesh), i, mesh.netns(i), 7002);
                loops.add(push(owned, NodeHealLoop.builder(node, hooks.get(i).filter(), hooks.get(i).prober())
                        .view(new CutOffView(i, mesh)).start()));
            }
            sleep(Duration.ofSeconds(5)); // the detectors learn the clean baseline
            String v2 = mesh.vipPrefix(2);
            FaultInjector injector = push(owned, new FaultInjector(mesh, null));
            injector.inject(new Fault.LinkDown(0, 2));
            injector.inject(new Fault.LinkDown(1, 2));
            Route zeroViaOne = Route.via(v2, mesh.linkAddress(1, 0));
            Route oneViaZero = Route.via(v2, mesh.linkAddress(0, 1));
            assertTrue(await(() -> applied(loops.get(0), "link:0-2") && applied(loops.get(1), "link:1-2"), Duration.ofSeconds(10)),
                    "both loops rerouted around their dead link to node 2");
            HealTable t0 = new HealTable(mesh.netns(0));
            HealTable t1 = new HealTable(mesh.netns(1));
            assertTrue(zeroViaOne.matches(t0.routes().get(v2).orElseThrow()), "node 0 sends V2 through node 1");
            assertTrue(oneViaZero.matches(t1.routes().get(v2).orElseThrow()), "node 1 sends V2 through node 0");

            // node 1 forwards what node 0 sends to V2 by its main table, never back through node 0
            String forwarded = lookup(mesh, 1, mesh.vipAddress(2), mesh.linkAddress(0, 1), mesh.ifname(1, 0));
            assertFalse(forwarded.contains("via " + mesh.linkAddress(0, 1)), "node 1 forwards V2 back to node 0: " + forwarded);
            assertTrue(forwarded.contains("unreachable"), "no route for forwarded V2 at node 1 (link 1-2 down): " + forwarded);
            assertTrue(Commands.run("ip", "-n", mesh.netns(0), "route", "get", mesh.vipAddress(2)).contains(mesh.linkAddress(1, 0)),
                    "node 0's own packets to V2 leave through node 1");

            // node 4 sends V2 through node 0 (an operator's route): packets node 0 forwards, not its own (node
            // 3 is V2's replica: it has V2 itself)
            assertEquals(3, mesh.replica(2));
            Commands.run("ip", "-n", mesh.netns(4), "route", "replace", v2, "via", mesh.linkAddress(0, 4));
            long[] before = timeExceeded(mesh);
            assertFalse(MeshTraffic.ping(mesh, 0, mesh.vipAddress(2)), "V2 unreachable from node 0: dropped at node 1");
            assertFalse(MeshTraffic.ping(mesh, 1, mesh.vipAddress(2)), "V2 unreachable from node 1: dropped at node 0");
            pings(mesh, 0, mesh.vipAddress(2), 10);
            pings(mesh, 4, mesh.vipAddress(2), 10);
            long[] after = timeExceeded(mesh);
            for (int i = 0; i < mesh.size(); i++) {
                assertEquals(before[i], after[i], "TTL expiries at node " + i + ": a packet looped");
            }

            // link 1-2 back: node 0's stale detour through node 1 now delivers (node 1 forwards directly)
            injector.clear(new Fault.LinkDown(1, 2));
            assertTrue(await(() -> MeshTraffic.ping(mesh, 0, mesh.vipAddress(2)), Duration.ofSeconds(10)),
                    "V2 reached from node 0 through node 1");
            assertTrue(zeroViaOne.matches(t0.routes().get(v2).orElseThrow()), "still through node 1 (link 0-2 is down)");

            // the bite: the same detours in the main tables, which forwarded packets follow too, loop node
            // 4's packets between nodes 0 and 1 until their TTL expires, and the counter sees it
            injector.inject(new Fault.LinkDown(1, 2));
            Commands.run("ip", "-n", mesh.netns(0), "route", "replace", v2, "via", mesh.linkAddress(1, 0));
            Commands.run("ip", "-n", mesh.netns(1), "route", "replace", v2, "via", mesh.linkAddress(0, 1));
            long[] quiet = timeExceeded(mesh);
            pings(mesh, 4, mesh.vipAddress(2), 5);
            long[] looped = timeExceeded(mesh);
            assertTrue(looped[0] + looped[1] > quiet[0] + quiet[1], "main-table detours loop until the TTL expires: "
                    + java.util.Arrays.toString(quiet) + " -> " + java.util.Arrays.toString(looped) + "\n" + debug(mesh));
        } finally {
            while (!owned.isEmpty()) {
                try {
                    owned.pop().close();
                } catch (Exception e) {
                    // best effort: the mesh's namespaces go with it
                }
            }
        }
    }

    private static <T extends AutoCloseable> T push(Deque<AutoCloseable> owned, T t) {
        owned.push(t);
        return t;
    }

    private static boolean applied(NodeHealLoop loop, String subject) {
        return loop.knowledge().decisions(subject, 100).stream().anyMatch(d -> d.kind() == Decision.Kind.APPLY);
    }

    /** Where node {@code node} sends a packet to {@code address} that came from {@code from} on {@code iif}. */
    private static String lookup(HealMesh mesh, int node, String address, String from, String iif) {
        try {
            return Commands.run("ip", "-n", mesh.netns(node), "route", "get", address, "from", from, "iif", iif);
        } catch (IllegalStateException e) {
            return e.getMessage(); // no route: the kernel drops it
        }
    }

    /** {@code count} pings, answered or not. */
    private static void pings(HealMesh mesh, int from, String address, int count) {
        try {
            Commands.inNetns(mesh.netns(from), "ping", "-c", Integer.toString(count), "-i", "0.02", "-W", "1", "-q", address);
        } catch (IllegalStateException e) {
            // unanswered: expected
        }
    }

    private static String debug(HealMesh mesh) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < mesh.size(); i++) {
            b.append("node ").append(i).append(": ").append(Commands.inNetns(mesh.netns(i), "nstat", "-az", "IpForwDatagrams",
                    "IcmpOutTimeExcds", "IcmpOutRateLimitHost", "IcmpOutDestUnreachs", "IpOutNoRoutes", "IpInAddrErrors"))
                    .append(Commands.run("ip", "-n", mesh.netns(i), "route", "show", mesh.vipPrefix(2)))
                    .append(Commands.run("ip", "-n", mesh.netns(i), "rule", "show")).append('\n');
        }
        return b.toString();
    }

    /** Per node, the ICMP "time exceeded" messages it sent (Icmp OutTimeExcds of /proc/net/snmp). */
    private static long[] timeExceeded(HealMesh mesh) {
        long[] out = new long[mesh.size()];
        for (int i = 0; i < mesh.size(); i++) {
            String[] lines = Commands.inNetns(mesh.netns(i), "cat", "/proc/net/snmp").split("\n");
            for (int l = 0; l + 1 < lines.length; l++) {
                if (lines[l].startsWith("Icmp: InMsgs")) {
                    List<String> keys = List.of(lines[l].split("\\s+"));
                    String[] values = lines[l + 1].split("\\s+");
                    out[i] = Long.parseLong(values[keys.indexOf("OutTimeExcds")]);
                }
            }
        }
        return out;
    }
}
