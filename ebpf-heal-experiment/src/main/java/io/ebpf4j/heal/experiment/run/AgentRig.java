package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.experiment.fault.FaultInjector;
import io.ebpf4j.heal.experiment.mesh.AgentConfigYaml;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.experiment.agents.AgentLauncher;
import io.ebpf4j.heal.experiment.agents.AgentProcesses;
import io.ebpf4j.heal.experiment.traffic.EchoServices;
import io.ebpf4j.heal.experiment.traffic.TrafficGenerator;
import io.ebpf4j.heal.loop.DetectionListener;
import io.ebpf4j.heal.plan.GuardSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The multi-process experiment's setting, built in order and closed in reverse: the mesh, an echo
 * service per node, one {@link AgentProcesses agent process} per node (its datapath, its loop, its
 * gossip), the fault injector (agents included) and the traffic generator. The orchestrator holds no
 * hook and no loop: it carries the traffic, injects faults and reads what the agents report.
 * {@link #close()} removes all of it, also after a partial build.
 */
public final class AgentRig implements AutoCloseable {
    /** How long the agents may take to start their heal loops (JVM start, BPF loads: minutes on a machine at load 25). */
    public static final Duration READY_WITHIN = Duration.ofMinutes(5);

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private HealMesh mesh;
    private AgentProcesses agents;
    private FaultInjector injector;
    private TrafficGenerator traffic;
    private AgentConfigYaml yaml;

    private AgentRig() {}

    /**
     * Builds and starts everything (traffic included); on failure removes what was built and rethrows.
     *
     * @param nodes         mesh size
     * @param probeInterval the agents' probe interval
     * @param period        the agents' loop period
     * @param stateDir      where the agents' configurations, logs and journals go
     * @param launcher      how an agent is started in its namespace
     * @param detector      the agents' {@code healing.detector} (a {@link io.ebpf4j.heal.learn.DetectorChoice} name)
     * @param model         the agents' {@code healing.model}, or null for the shipped model
     * @param detections    told of every agent's detections
     */
    public static AgentRig start(int nodes, Duration probeInterval, Duration period, Path stateDir, AgentLauncher launcher,
            String detector, Path model, DetectionListener detections) {
        AgentRig r = new AgentRig();
        try {
            r.mesh = r.own(HealMesh.create(nodes));
            EchoServices services = r.own(HealRig.echoServices(r.mesh));
            r.yaml = new AgentConfigYaml(HealRig.PROBE_PORT, probeInterval, period, GuardSettings.DEFAULTS, 7950, stateDir,
                    "e4j-hx-" + r.mesh.mesh().suffix(), true).withDetector(detector, model == null ? null : model.toAbsolutePath());
            r.agents = r.own(AgentProcesses.start(r.mesh, r.yaml, launcher, detections, READY_WITHIN));
            r.injector = r.own(new FaultInjector(r.mesh, services, r.agents));
            r.traffic = r.own(new TrafficGenerator(HealRig.namespaces(r.mesh), HealRig.flows(r.mesh)));
            r.traffic.start();
            return r;
        } catch (RuntimeException | Error e) {
            r.close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T own(T t) {
        owned.push(t);
        return t;
    }

    public HealMesh mesh() {
        return mesh;
    }

    public AgentProcesses agents() {
        return agents;
    }

    public FaultInjector injector() {
        return injector;
    }

    public TrafficGenerator traffic() {
        return traffic;
    }

    /** The agents' configuration (gossip port, pin directories, journals). */
    public AgentConfigYaml yaml() {
        return yaml;
    }

    /** Stops the traffic, the faults, the agents (removing their pins and routes), the services; deletes the mesh. Idempotent. */
    @Override
    public synchronized void close() {
        Closer.closeAll(owned, "the agent rig");
    }
}
