package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.fault.AffectedFlows;
import io.ebpf4j.heal.experiment.fault.ClearRecord;
import io.ebpf4j.heal.experiment.fault.FaultInjector;
import io.ebpf4j.heal.experiment.fault.FaultSchedule;
import io.ebpf4j.heal.experiment.fault.InjectionRecord;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.experiment.report.ExperimentResult;
import io.ebpf4j.heal.graph.GraphDetector;
import io.ebpf4j.heal.graph.GraphExport;
import io.ebpf4j.hooks.metrics.MetricsServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import io.ebpf4j.heal.experiment.traffic.TrafficGenerator;
import io.ebpf4j.heal.experiment.score.Detection;
import io.ebpf4j.heal.loop.HealLoop;
import io.ebpf4j.heal.experiment.agents.AgentProcesses;
import io.ebpf4j.heal.experiment.score.HealActionAt;
import io.ebpf4j.heal.knowledge.KnowledgeStore;
import io.ebpf4j.heal.plan.Decision;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The self-healing experiment: a full mesh of network namespaces with echo services and real UDP and
 * TCP traffic between them, each node running its hooks and MAPE-K loop (in an agent process of its
 * own, {@link ExperimentMode#AGENTS}, or all in this JVM, {@link ExperimentMode#THREADS}), a seeded schedule of
 * injected faults, and the score: MTTR judged from the traffic, event-wise detection F1 against the
 * injector's log, false positives in a clean soak. Everything it creates is removed on return, also
 * on failure (and by shutdown hooks if the JVM is stopped).
 */
public final class SelfHealExperiment {
    /**
     * The bandwidth-collapse severities (tbf rates). The experiment's traffic needs about 250 kbit/s
     * per link direction: a collapse to 256 kbit/s often never hurts it, so the schedule uses rates
     * that do (an unimpaired fault has nothing to heal and would only measure the detector's taste).
     */
    static final long[] BANDWIDTH_RATES = {32_000L, 64_000L, 128_000L};

    /** The agents' gossip port (as {@link io.ebpf4j.heal.experiment.mesh.AgentConfigYaml} and {@link AgentRig} set it). */
    static final int GOSSIP_PORT = 7950;

    private final ExperimentConfig cfg;
    private final PrintStream out;
    private final List<Detection> detections = Collections.synchronizedList(new ArrayList<>());

    private SelfHealExperiment(ExperimentConfig cfg, PrintStream out) {
        this.cfg = cfg;
        this.out = out;
    }

    /** Runs the experiment; progress lines go to {@code out}. */
    public static ExperimentResult run(ExperimentConfig cfg, PrintStream out) {
        return new SelfHealExperiment(cfg, out).run();
    }

    private ExperimentResult run() {
        Deque<AutoCloseable> owned = new ArrayDeque<>();
        try {
            return runOwned(owned);
        } finally {
            Closer.closeAll(owned, "the experiment");
        }
    }

    private ExperimentResult runOwned(Deque<AutoCloseable> owned) {
        long runStart = System.nanoTime();
        Instant startWall = Instant.now();
        out.printf("building a %d-node mesh in network namespaces...%n", cfg.nodes());
        GraphRecorder graphs = cfg.mode() == ExperimentMode.THREADS ? graphRecorder() : null; // the agents keep their graphs
        if (graphs != null) {
            owned.push(graphs);
        }
        PrometheusRegistry registry = new PrometheusRegistry();
        if (cfg.metricsPort() >= 0) {
            MetricsServer server = MetricsServer.start(registry, InetAddress.getLoopbackAddress(), cfg.metricsPort());
            owned.push(server);
            out.printf("loop metrics on %s%n", server.uri());
        }
        io.ebpf4j.heal.loop.DetectionListener onDetection = (subject, at, cause) -> {
            detections.add(new Detection(at, subject, -1));
            out.printf("%8.3f s  detected %s%n", (at - runStart) / 1e9, subject);
        };
        HealMesh mesh;
        FaultInjector injector;
        TrafficGenerator traffic;
        Supplier<List<HealActionAt>> actions;
        Supplier<List<ExperimentResult.AgentUsage>> usage;
        String modelName = cfg.model() == null ? "the model shipped in ebpf-heal" : cfg.model().toString();
        if (cfg.mode() == ExperimentMode.AGENTS) {
            Path state = stateDir(owned);
            out.printf("detector: %s%s (in every agent)%n", cfg.detector().name(),
                    cfg.detector().kind() == null ? "" : " (" + modelName + ")");
            out.printf("starting one agent process per node (configurations, logs and journals in %s)...%n", state);
            AgentRig rig = AgentRig.start(cfg.nodes(), cfg.probeInterval(), cfg.period(), state, cfg.launcher(),
                    cfg.detector().name(), cfg.model(), onDetection);
            owned.push(rig);
            mesh = rig.mesh();
            injector = rig.injector();
            traffic = rig.traffic();
            AgentProcesses agents = rig.agents();
            actions = agents::actions;
            usage = agents::usage;
            for (int i = 0; i < mesh.size(); i++) {
                out.printf("agent of node %d: pid %d, healing%n", i, agents.pid(i));
            }
        } else {
            GraphDetector learned = cfg.detector().newDetector(cfg.model());
            out.printf("detector: %s%s%n", cfg.detector().name(), learned == null ? "" : " (" + modelName + ")");
            HealRig rig = HealRig.start(HealRig.Settings.defaults().withNodes(cfg.nodes()).withRegistry(registry)
                    .withDetector(learned, cfg.detector().mode())
                    .withGraphs(graphs == null ? g -> { } : graphs)
                    .withTiming(cfg.probeInterval(), cfg.period()).withJournal(journalWriter())
                    .withDetections(onDetection));
            owned.push(rig);
            mesh = rig.mesh();
            injector = rig.injector();
            traffic = rig.traffic();
            HealLoop loop = rig.loop();
            HealMesh m = mesh;
            actions = () -> applied(loop.knowledge(), m);
            usage = List::of;
            if (graphs != null) {
                FaultInjector inj = injector;
                graphs.labels(() -> inj.onWire().stream().map(Fault::subject).toList());
            }
        }
        out.printf("warming up for %d s (detectors learn the clean baseline)...%n", cfg.warmup().toSeconds());
        sleep(cfg.warmup());
        long soakStart = System.nanoTime();
        if (!cfg.cleanSoak().isZero()) {
            out.printf("clean soak of %d s: every detection now is a false positive...%n", cfg.cleanSoak().toSeconds());
            sleep(cfg.cleanSoak());
        }
        long soakEnd = System.nanoTime();
        List<Detection> soakDetections = between(soakStart, soakEnd);

        FaultSchedule schedule = FaultSchedule.builder(mesh.size()).seed(cfg.seed()).total(cfg.faultPhase())
                .kinds(cfg.faults()).durations(cfg.faultLength()[0], cfg.faultLength()[1])
                .gaps(cfg.gap()[0], cfg.gap()[1]).bandwidthRates(BANDWIDTH_RATES).gossipPort(GOSSIP_PORT).build();
        out.printf("injecting %d faults over %d s (seed %d)...%n", schedule.entries().size(), cfg.faultPhase().toSeconds(),
                cfg.seed());
        long phaseStart = System.nanoTime();
        List<Map.Entry<Fault, long[]>> windows = new ArrayList<>();
        for (FaultSchedule.Entry e : schedule.entries()) {
            sleepUntil(phaseStart + e.start().toNanos());
            InjectionRecord inj = injector.inject(e.fault());
            out.printf("%8.3f s  injected %s %s (%s)%n", (inj.injectedMonoNanos() - runStart) / 1e9, e.fault().kind().label(),
                    e.fault().subject(), e.fault().severity());
            sleepUntil(inj.injectedMonoNanos() + e.duration().toNanos());
            ClearRecord clr = injector.clear(e.fault());
            out.printf("%8.3f s  cleared  %s%n", (clr.clearedMonoNanos() - runStart) / 1e9, e.fault().subject());
            windows.add(Map.entry(e.fault(), new long[] {inj.injectedMonoNanos(), clr.clearedMonoNanos()}));
        }
        sleep(cfg.gap()[0]);
        long phaseEnd = System.nanoTime();
        if (graphs != null) {
            graphs.stop(); // what follows (traffic stopping, the mesh torn down) is no telemetry of a running mesh
        }
        traffic.close();
        var log = traffic.log();
        List<Detection> phaseDetections = between(phaseStart, phaseEnd);
        writeOut("traffic.csv", TrafficCsv.render(log, runStart));
        List<String> allFlows = HealRig.flows(mesh).stream().map(f -> f.label()).toList();
        return new Scoring(cfg, runStart, startWall, actions.get(), usage.get()).score(windows, phaseDetections,
                soakDetections, cfg.cleanSoak().isZero() ? Duration.ZERO : Duration.ofNanos(soakEnd - soakStart), log, fault -> AffectedFlows.affectedFlows(fault, mesh)
                        .stream().map(Object::toString).toList(), allFlows, Duration.ofNanos(System.nanoTime() - runStart));
    }

    /** Every APPLY decision of the single-process loop, on any subject of the mesh. */
    private static List<HealActionAt> applied(KnowledgeStore knowledge, HealMesh mesh) {
        Set<String> subjects = new TreeSet<>();
        for (int i = 0; i < mesh.size(); i++) {
            subjects.add("node:" + i);
            subjects.add("service:" + i);
            for (int j = i + 1; j < mesh.size(); j++) {
                subjects.add("link:" + i + "-" + j);
            }
        }
        List<HealActionAt> out = new ArrayList<>();
        for (String s : subjects) {
            for (Decision d : knowledge.decisions(s, 10_000)) {
                if (d.kind() == Decision.Kind.APPLY) {
                    out.add(new HealActionAt(s, d.monoNanos()));
                }
            }
        }
        return out;
    }

    /** Where the agents' files go: {@code <out>/agents}, or a temporary directory removed afterwards. */
    private Path stateDir(Deque<AutoCloseable> owned) {
        try {
            if (cfg.outDir() != null) {
                Path d = cfg.outDir().toAbsolutePath().resolve("agents");
                Files.createDirectories(d);
                return d;
            }
            Path d = Files.createTempDirectory("ebpf4j-agents-");
            owned.push(() -> {
                try (var s = Files.walk(d)) {
                    for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            });
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("creating the agents' state directory", e);
        }
    }

    /** Every {@code graphEvery}-th graph (default 10: 500 ms at the default period), labelled from the injector: graphs.jsonl. */
    private GraphRecorder graphRecorder() {
        if (cfg.outDir() == null) {
            return null;
        }
        try {
            Files.createDirectories(cfg.outDir());
            return new GraphRecorder(GraphExport.open(cfg.outDir().resolve("graphs.jsonl")), cfg.graphEvery());
        } catch (IOException e) {
            throw new UncheckedIOException("opening the graph export in " + cfg.outDir(), e);
        }
    }

    private Writer journalWriter() {
        if (cfg.outDir() == null) {
            return Writer.nullWriter();
        }
        try {
            Files.createDirectories(cfg.outDir());
            return Files.newBufferedWriter(cfg.outDir().resolve("journal.jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("opening the decision journal in " + cfg.outDir(), e);
        }
    }

    private void writeOut(String name, String content) {
        if (cfg.outDir() != null) {
            try {
                Files.createDirectories(cfg.outDir());
                Files.writeString(cfg.outDir().resolve(name), content);
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + name + " to " + cfg.outDir(), e);
            }
        }
    }

    private List<Detection> between(long from, long to) {
        synchronized (detections) {
            return detections.stream().filter(d -> d.monoNanos() >= from && d.monoNanos() < to).toList();
        }
    }

    private static void sleep(Duration d) {
        sleepUntil(System.nanoTime() + d.toNanos());
    }

    private static void sleepUntil(long monoNanos) {
        long wait;
        while ((wait = monoNanos - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Duration.ofNanos(Math.min(wait, 100_000_000L)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the experiment was interrupted", e);
            }
        }
    }
}
