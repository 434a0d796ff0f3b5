package io.ebpf4j.examples;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.config.AgentConfig;
import io.ebpf4j.agent.gossip.GossipView;
import io.ebpf4j.agent.run.AgentRuntime;
import io.ebpf4j.agent.run.AgentSignals;
import io.ebpf4j.heal.graph.EdgeFeatures;
import io.ebpf4j.hooks.mesh.PeerStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent as {@code ebpf4j agent --config FILE} runs it, plus the gossip view joined through the
 * configuration's {@code gossip} section and fed as the heal loop will feed it (this node's edges,
 * one per peer, published every loop period, 50 ms), for measuring the footprint of an agent with
 * every part on before the runtime wires the view itself. Arguments: the config file and this node's
 * number. Prints the agent's ready line; stops on SIGTERM/SIGINT.
 *
 * <pre>
 * java $JVM_FLAGS -cp ebpf4j.jar:ebpf-examples/target/test-classes io.ebpf4j.examples.AgentFootprintMain agent.yaml 0
 * </pre>
 */
public final class AgentFootprintMain {
    private AgentFootprintMain() {}

    public static void main(String[] args) throws Exception {
        AgentCommand.nettyDefaults(); // as ebpf4j agent does
        Path config = Path.of(args[0]);
        int node = Integer.parseInt(args[1]);
        AgentPlan plan = AgentPlan.of(AgentConfig.load(config));
        try (AgentRuntime runtime = AgentRuntime.start(config, plan);
             AgentSignals signals = AgentSignals.install(runtime);
             GossipView view = GossipView.start(plan.gossip(), node, plan.nodeName())) {
            ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "footprint-loop");
                t.setDaemon(true);
                return t;
            });
            loop.scheduleAtFixedRate(() -> {
                List<EdgeFeatures> edges = new ArrayList<>();
                int to = 0;
                for (PeerStats p : runtime.filter().stats().peers()) {
                    int peer = to == node ? ++to : to; // peers numbered in their order, skipping this node
                    double loss = p.probe().lossRatio();
                    edges.add(new EdgeFeatures(node, peer, loss, p.probe().meanRttNs() / 1e3, p.traffic().packets(), 0, 0,
                            loss, loss > 0.5));
                    to++;
                }
                view.publishEdges(edges);
            }, 50, 50, TimeUnit.MILLISECONDS);
            System.out.println("ebpf4j agent ready: node " + plan.nodeName() + " with gossip at " + view.address()
                    + ", metrics " + runtime.metricsUri());
            System.out.flush();
            runtime.awaitClosed();
            loop.shutdownNow();
        }
    }
}
