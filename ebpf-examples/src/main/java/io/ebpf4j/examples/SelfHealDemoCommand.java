package io.ebpf4j.examples;

import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.report.ExperimentResult;
import io.ebpf4j.heal.experiment.report.ResultMarkdown;
import io.ebpf4j.heal.experiment.agents.AgentLauncher;
import io.ebpf4j.heal.experiment.run.ExperimentConfig;
import io.ebpf4j.heal.experiment.run.ExperimentMode;
import java.util.List;
import io.ebpf4j.heal.experiment.run.SelfHealExperiment;
import io.ebpf4j.heal.learn.DetectorChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code self-heal-demo}: the self-healing experiment. Builds a full mesh of network namespaces with
 * echo services and traffic, runs one {@code ebpf4j agent} process per node in its namespace (or, with
 * {@code --mode threads}, the hooks and a MAPE-K loop per node in this JVM), injects a seeded schedule of
 * faults, and prints the score (MTTR from the traffic, event-wise F1, clean-soak false positives);
 * results, journal and timeline go to {@code --out}. Removes everything it created on exit.
 */
@Command(name = "self-heal-demo", mixinStandardHelpOptions = true,
        description = {"Fault-injection experiment: a namespace mesh heals itself from eBPF telemetry.",
            "Needs root. Prints MTTR p50/p95, detection F1 and clean-soak false positives."})
public final class SelfHealDemoCommand implements Callable<Integer> {
    @Option(names = "--duration", defaultValue = "2m", converter = DurationConverter.class,
            description = "Length of the fault phase (default ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the fault schedule (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--faults", split = ",",
            description = "Fault kinds to inject (default: loss,link-down,blackhole,bandwidth,service-kill and, in agents mode,"
                    + " agent-kill,gossip-partition).")
    Set<String> faults;

    @Option(names = "--mode", defaultValue = "agents",
            description = "agents: one `ebpf4j agent` process per node, in its namespace, sharing edges by gossip; threads:"
                    + " every node's loop in this JVM (single-process, for tests) (default ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--clean-soak", converter = DurationConverter.class,
            description = "Fault-free time scored for false positives before the faults (default: none).")
    Duration cleanSoak;

    @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class,
            description = "Clean time first, for the detectors' baselines (default ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(names = "--nodes", defaultValue = "5", description = "Mesh size, 3 to 8 (default ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--out", defaultValue = "self-heal-results",
            description = "Directory for results.json, results.md, timeline.svg, journal.jsonl (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--metrics-port", defaultValue = "-1",
            description = "Serve the loop's ebpf4j_heal_* metrics on 127.0.0.1:PORT/metrics while it runs (0: any free port;"
                    + " default: off).")
    int metricsPort;

    @Option(names = "--graph-every", defaultValue = "10",
            description = "Write every Nth period's labelled telemetry graph to graphs.jsonl in --out (1: every period,"
                    + " the training input of train-graph; default ${DEFAULT-VALUE}).")
    int graphEvery;

    @Option(names = "--detector", defaultValue = "rules",
            description = "What the loops localise faults on: rules, graphsage, mlp or combined (rules or GraphSAGE)"
                    + " (default ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--model", description = "The learned model file for --detector graphsage, mlp or combined"
            + " (default: the model shipped in ebpf-heal).")
    Path model;

    /**
     * How an agent runs in its namespace: {@code nsenter --net} (not {@code ip netns exec}, whose new
     * mount namespace remounts /sys and hides the bpffs the agent pins in) executing this JVM's
     * {@code java} on this class path (the shaded jar) with {@code agent --config FILE}. Serial GC, C1
     * only, a 64 MiB heap and a 32 MiB code cache: an agent is small and several share the machine.
     */
    static AgentLauncher launcher() {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
        String cp = System.getProperty("surefire.test.class.path");
        String classPath = cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
        return (netns, config) -> List.of("nsenter", "--net=/run/netns/" + netns, java, "--enable-native-access=ALL-UNNAMED",
                "-XX:-UsePerfData", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-XX:ReservedCodeCacheSize=32m", "-Xss512k", "-cp", classPath,
                Main.class.getName(), "agent", "--config", config.toString());
    }

    @Override
    public Integer call() {
        Set<Fault.Kind> kinds = EnumSet.noneOf(Fault.Kind.class);
        if (cleanSoak == null) {
            cleanSoak = Duration.ZERO;
        }
        try {
            ExperimentMode m = ExperimentMode.of(mode.trim());
            if (faults == null) {
                faults = new java.util.LinkedHashSet<>(List.of("loss", "link-down", "blackhole", "bandwidth", "service-kill"));
                if (m == ExperimentMode.AGENTS) {
                    faults.addAll(List.of("agent-kill", "gossip-partition"));
                }
            }
            for (String f : faults) {
                kinds.add(Fault.Kind.of(f.trim()));
            }
            DetectorChoice choice = DetectorChoice.parse(detector);
            if (model != null && choice.kind() == null) {
                throw new IllegalArgumentException("--model goes with --detector graphsage, mlp or combined, not rules");
            }
            try {
                choice.newDetector(model); // a missing or wrong model fails here, before any namespace exists
            } catch (IllegalStateException | java.io.UncheckedIOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            String command = "self-heal-demo --mode " + m.label() + " --duration " + duration.toSeconds() + "s --seed " + seed + " --faults "
                    + String.join(",", kinds.stream().map(Fault.Kind::label).toList()) + " --clean-soak "
                    + cleanSoak.toSeconds() + "s --nodes " + nodes + (graphEvery == 10 ? "" : " --graph-every " + graphEvery)
                    + " --detector " + choice.name() + (model == null ? "" : " --model " + model);
            Duration[] len = {Duration.ofSeconds(4), Duration.ofSeconds(6)};
            ExperimentConfig cfg = new ExperimentConfig(nodes, seed, kinds, duration, warmup, cleanSoak, len,
                    new Duration[] {Duration.ofSeconds(4), Duration.ofSeconds(6)}, Duration.ofMillis(10),
                    Duration.ofMillis(50), out, command, metricsPort, graphEvery, choice, model, m,
                    m == ExperimentMode.AGENTS ? launcher() : null);
            ExperimentResult r = SelfHealExperiment.run(cfg, System.out);
            System.out.println();
            System.out.println(ResultMarkdown.render(r));
            System.out.println("results in " + out.toAbsolutePath());
            return 0;
        } catch (IllegalArgumentException e) {
            System.err.println("self-heal-demo: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("self-heal-demo: failed: " + e);
            System.err.println("self-heal-demo: it needs root (network namespaces, XDP, tc) and the ip and tc commands;"
                    + " `ebpf4j doctor` says what this kernel offers");
            return 1;
        }
    }
}
