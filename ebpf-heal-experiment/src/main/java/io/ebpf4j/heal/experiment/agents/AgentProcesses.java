package io.ebpf4j.heal.experiment.agents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ebpf4j.heal.act.HealTable;
import io.ebpf4j.heal.experiment.AgentControl;
import io.ebpf4j.heal.experiment.mesh.AgentConfigYaml;
import io.ebpf4j.heal.experiment.mesh.HealMesh;
import io.ebpf4j.heal.experiment.report.ExperimentResult.AgentUsage;
import io.ebpf4j.heal.experiment.score.HealActionAt;
import io.ebpf4j.heal.loop.DetectionListener;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.testkit.netns.ProcessWatchdog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code ebpf4j agent} process per node of a {@link HealMesh}, each started inside its namespace
 * with a generated configuration file ({@link AgentConfigYaml}): their output goes to
 * {@code agent-n<i>.log} beside the configuration, their detections (the line {@code heal: detected
 * SUBJECT at MONO ns}) to a listener, their heal actions are read back from their journals, their RSS
 * and CPU time are sampled from {@code /proc} every second. Kills and restarts agents for the fault
 * injector. {@link #close()} stops every agent (SIGTERM, then SIGKILL) and removes what they pinned and
 * routed; a watchdog per process kills it and removes its pins if this JVM dies first.
 */
public final class AgentProcesses implements AgentControl, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentProcesses.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DETECTED = Pattern.compile("heal: detected (\\S+) at (\\d+) ns");
    private static final Pattern HEALING = Pattern.compile("healing running: node (\\d+) of");

    private final HealMesh mesh;
    private final AgentConfigYaml yaml;
    private final AgentLauncher launcher;
    private final DetectionListener detections;
    private final Agent[] agents;
    private final AgentUsageSampler usage = new AgentUsageSampler();
    private final Thread sampler;
    private volatile boolean closed;

    /** One incarnation of a node's agent. */
    private static final class Agent {
        final Process process;
        final ProcessWatchdog watchdog;
        volatile boolean healing;
        final Thread reader;

        Agent(Process process, ProcessWatchdog watchdog, Thread reader) {
            this.process = process;
            this.watchdog = watchdog;
            this.reader = reader;
        }
    }

    private AgentProcesses(HealMesh mesh, AgentConfigYaml yaml, AgentLauncher launcher, DetectionListener detections) {
        this.mesh = mesh;
        this.yaml = yaml;
        this.launcher = launcher;
        this.detections = detections;
        this.agents = new Agent[mesh.size()];
        this.sampler = Thread.ofPlatform().daemon().name("agent-usage").unstarted(this::sampleLoop);
    }

    /**
     * Writes every node's configuration and starts every agent; waits until each runs its heal loop.
     * On failure stops and removes whatever started, and throws.
     *
     * @throws IllegalStateException when an agent exits or is not healing within {@code readyWithin}
     */
    public static AgentProcesses start(HealMesh mesh, AgentConfigYaml yaml, AgentLauncher launcher,
            DetectionListener detections, Duration readyWithin) {
        AgentProcesses p = new AgentProcesses(mesh, yaml, launcher, detections);
        try {
            List<Integer> all = IntStream.range(0, mesh.size()).boxed().toList();
            for (int i = 0; i < mesh.size(); i++) {
                Files.createDirectories(yaml.journal(i).getParent());
                Files.writeString(config(yaml, i), yaml.render(mesh, i, all));
            }
            for (int i = 0; i < mesh.size(); i++) {
                p.launch(i);
            }
            p.sampler.start();
            p.awaitHealing(readyWithin);
            return p;
        } catch (IOException e) {
            p.close();
            throw new UncheckedIOException("writing the agents' configuration under " + yaml.stateDir(), e);
        } catch (RuntimeException | Error e) {
            p.close();
            throw e;
        }
    }

    /** Node {@code i}'s configuration file. */
    public static Path config(AgentConfigYaml yaml, int i) {
        return yaml.stateDir().resolve("agent-n" + i + ".yaml");
    }

    /** Node {@code i}'s agent output (every incarnation appended). */
    public Path log(int i) {
        return yaml.stateDir().resolve("agent-n" + i + ".log");
    }

    private synchronized void launch(int node) {
        List<String> cmd = launcher.command(mesh.netns(node), config(yaml, node));
        Process proc;
        try {
            proc = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("starting the agent of node " + node + ": " + String.join(" ", cmd), e);
        }
        ProcessWatchdog dog = ProcessWatchdog.start(proc.pid(), yaml.pinDir(node));
        usage.started(node, proc.pid());
        Agent[] holder = new Agent[1];
        Thread reader = Thread.ofPlatform().daemon().name("agent-n" + node + "-out").unstarted(() -> read(node, proc, holder));
        Agent a = new Agent(proc, dog, reader);
        holder[0] = a;
        agents[node] = a;
        reader.start();
        LOG.info("agent of node {} started as pid {}", node, proc.pid());
    }

    private void read(int node, Process proc, Agent[] self) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
                Writer log = Files.newBufferedWriter(log(node), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND)) {
            log.write("=== agent of node " + node + ", pid " + proc.pid() + " ===\n");
            String line;
            while ((line = in.readLine()) != null) {
                log.write(line);
                log.write('\n');
                log.flush();
                Matcher d = DETECTED.matcher(line);
                if (d.find()) {
                    detections.detected(d.group(1), Long.parseLong(d.group(2)), Long.parseLong(d.group(2)));
                } else if (HEALING.matcher(line).find()) {
                    self[0].healing = true;
                }
            }
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("reading the output of node {}'s agent: {}", node, e.toString());
            }
        }
    }

    private void awaitHealing(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        for (int i = 0; i < agents.length; i++) {
            Agent a = agents[i];
            while (!a.healing) {
                if (!a.process.isAlive()) {
                    throw new IllegalStateException("the agent of node " + i + " exited with " + a.process.exitValue()
                            + " before healing ran; its output: " + log(i) + "\n" + tail(log(i)));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the agent of node " + i + " did not run its heal loop within " + within
                            + "; its output: " + log(i) + "\n" + tail(log(i)));
                }
                sleep(50);
            }
        }
    }

    /** Whether node {@code node}'s current agent runs its heal loop. */
    public boolean healing(int node) {
        Agent a = agents[node];
        return a != null && a.healing && a.process.isAlive();
    }

    /** The pid of node {@code node}'s current agent, or -1. */
    public long pid(int node) {
        Agent a = agents[node];
        return a == null ? -1 : a.process.pid();
    }

    @Override
    public void kill(int node) {
        Agent a;
        synchronized (this) {
            a = agents[node];
        }
        if (a == null || !a.process.isAlive()) {
            return;
        }
        a.process.destroyForcibly(); // SIGKILL: no shutdown hook runs
        waitFor(a.process, 10);
        usage.stopped(node);
        a.watchdog.cancel();
        LOG.info("agent of node {} (pid {}) killed", node, a.process.pid());
    }

    @Override
    public void restart(int node) {
        if (closed) {
            return;
        }
        Agent a = agents[node];
        if (a != null && a.process.isAlive()) {
            return;
        }
        launch(node);
    }

    /** Every agent's resource use so far. */
    public List<AgentUsage> usage() {
        return usage.usage();
    }

    /** Every heal action (an {@code APPLY} decision) in the agents' journals. */
    public List<HealActionAt> actions() {
        List<HealActionAt> out = new ArrayList<>();
        for (int i = 0; i < agents.length; i++) {
            Path j = yaml.journal(i);
            if (!Files.exists(j)) {
                continue;
            }
            try {
                for (String line : Files.readAllLines(j)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode n = JSON.readTree(line);
                    if ("APPLY".equals(n.path("decision").asText())) {
                        out.add(new HealActionAt(n.path("subject").asText(), n.path("t").asLong()));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading the journal of node " + i + ": " + j, e);
            }
        }
        out.sort(Comparator.comparingLong(HealActionAt::monoNanos));
        return out;
    }

    private void sampleLoop() {
        while (!closed) {
            usage.sample();
            for (int i = 0; i < agents.length; i++) {
                Agent a = agents[i];
                if (a != null && !a.process.isAlive()) {
                    usage.stopped(i);
                }
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Stops every agent (SIGTERM; SIGKILL after 10 s), then removes what they left: each pin directory
     * ({@link MeshFilter#uninstall}, then whatever else is in it) and each heal table; idempotent.
     */
    @Override
    public synchronized void close() {
        closed = true;
        sampler.interrupt();
        for (Agent a : agents) {
            if (a != null) {
                a.process.destroy();
            }
        }
        for (int i = 0; i < agents.length; i++) {
            Agent a = agents[i];
            if (a == null) {
                continue;
            }
            if (!waitFor(a.process, 10)) {
                a.process.destroyForcibly();
                waitFor(a.process, 10);
            }
            a.watchdog.cancel();
            usage.stopped(i);
        }
        for (int i = 0; i < agents.length; i++) {
            try {
                MeshFilter.uninstall(yaml.pinDir(i));
                removeTree(yaml.pinDir(i));
            } catch (RuntimeException e) {
                LOG.warn("removing the pins of node {} under {} failed: {}", i, yaml.pinDir(i), e.toString());
            }
            try {
                new HealTable(mesh.netns(i)).uninstall();
            } catch (RuntimeException e) {
                LOG.warn("removing the heal table of node {} failed: {}", i, e.toString());
            }
        }
    }

    private static void removeTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("removing " + dir, e);
        }
    }

    private static boolean waitFor(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the agents", e);
        }
    }
}
