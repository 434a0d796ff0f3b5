package io.ebpf4j.heal.experiment.run;

import io.ebpf4j.heal.experiment.Fault;
import io.ebpf4j.heal.experiment.agents.AgentLauncher;
import io.ebpf4j.heal.learn.DetectorChoice;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How the self-healing experiment runs.
 *
 * @param nodes         mesh size (5 by default; 3 to 8)
 * @param seed          the fault schedule's seed
 * @param faults        which fault kinds to inject
 * @param faultPhase    how long the fault schedule runs
 * @param warmup        clean time first, for the detectors' baselines (not scored)
 * @param cleanSoak     clean time after the warm-up in which every detection is a false positive (0: none)
 * @param faultLength   the shortest and longest fault (min, max)
 * @param gap           the shortest and longest clean gap between faults (min, max)
 * @param probeInterval time between probe rounds per node
 * @param period        the loop's period
 * @param outDir        where results go (JSON, markdown, SVG, journal); null: nowhere
 * @param command       the command line, for the report
 * @param metricsPort   port of a {@code /metrics} endpoint on 127.0.0.1 serving the loop's metrics while it
 *                      runs (-1: none, 0: any free port; single-process mode only)
 * @param graphEvery    every how many loop periods a labelled telemetry graph goes to {@code graphs.jsonl} in
 *                      {@code outDir} (1: every period, the input of {@code train-graph}; default 10; single-process
 *                      mode only)
 * @param detector      which detector the loops localise on (rules, a learned model, or both); in agents mode it
 *                      goes into every agent's configuration ({@code healing.detector})
 * @param model         the learned model's file, or null for the one shipped in ebpf-heal
 * @param mode          agents (one agent process per node) or threads (every loop in this JVM)
 * @param launcher      how an agent process is started (agents mode; null in threads mode)
 */
public record ExperimentConfig(int nodes, long seed, Set<Fault.Kind> faults, Duration faultPhase, Duration warmup,
        Duration cleanSoak, Duration[] faultLength, Duration[] gap, Duration probeInterval, Duration period, Path outDir,
        String command, int metricsPort, int graphEvery, DetectorChoice detector, Path model, ExperimentMode mode,
        AgentLauncher launcher) {
    /** A single-process configuration. */
    public ExperimentConfig(int nodes, long seed, Set<Fault.Kind> faults, Duration faultPhase, Duration warmup,
            Duration cleanSoak, Duration[] faultLength, Duration[] gap, Duration probeInterval, Duration period, Path outDir,
            String command, int metricsPort, int graphEvery, DetectorChoice detector, Path model) {
        this(nodes, seed, faults, faultPhase, warmup, cleanSoak, faultLength, gap, probeInterval, period, outDir, command,
                metricsPort, graphEvery, detector, model, ExperimentMode.THREADS, null);
    }

    public ExperimentConfig {
        Objects.requireNonNull(mode, "mode");
        if (mode == ExperimentMode.AGENTS && launcher == null) {
            throw new IllegalArgumentException("agents mode needs an agent launcher (how to run `ebpf4j agent`)");
        }
        if (mode == ExperimentMode.THREADS && faults.stream().anyMatch(Fault.Kind::needsAgents)) {
            throw new IllegalArgumentException("fault kinds " + faults.stream().filter(Fault.Kind::needsAgents)
                    .map(Fault.Kind::label).toList() + " need agent processes: use --mode agents");
        }
        if (nodes < 3 || nodes > 8) {
            throw new IllegalArgumentException("nodes must be 3 to 8, not " + nodes);
        }
        faults = Set.copyOf(Objects.requireNonNull(faults, "faults"));
        if (faults.isEmpty() && !faultPhase.isZero()) {
            throw new IllegalArgumentException("no fault kinds given for a fault phase of " + faultPhase);
        }
        for (Duration d : new Duration[] {faultPhase, warmup, cleanSoak}) {
            if (d == null || d.isNegative()) {
                throw new IllegalArgumentException("durations must not be negative: " + d);
            }
        }
        Objects.requireNonNull(command, "command");
        if (metricsPort < -1 || metricsPort > 65535) {
            throw new IllegalArgumentException("metrics port must be -1 (none) or 0..65535, not " + metricsPort);
        }
        Objects.requireNonNull(detector, "detector");
        if (graphEvery < 1) {
            throw new IllegalArgumentException("graphEvery must be at least 1 (every period), not " + graphEvery);
        }
    }

    /** The short single-process version: 5 nodes, every fault kind but the agents', 2 minutes of faults after 10 s of warm-up, no soak. */
    public static ExperimentConfig quick(long seed, Path outDir) {
        return new ExperimentConfig(5, seed, EnumSet.complementOf(EnumSet.of(Fault.Kind.AGENT_KILL, Fault.Kind.GOSSIP_PARTITION)), Duration.ofMinutes(2), Duration.ofSeconds(10),
                Duration.ZERO, new Duration[] {Duration.ofSeconds(4), Duration.ofSeconds(6)},
                new Duration[] {Duration.ofSeconds(4), Duration.ofSeconds(6)}, Duration.ofMillis(10), Duration.ofMillis(50),
                outDir, "self-heal-demo", -1, 10, DetectorChoice.rules(), null);
    }
}
