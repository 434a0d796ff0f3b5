package io.ebpf4j.agent.run;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.NetEventsPlan;
import io.ebpf4j.agent.ProbePlan;
import io.ebpf4j.agent.SyscallPlan;
import io.ebpf4j.agent.config.AgentConfig;
import io.ebpf4j.agent.config.ConfigException;
import io.ebpf4j.agent.config.ConfigProblem;
import io.ebpf4j.agent.config.Durations;
import io.ebpf4j.heal.loop.NodeHealLoop;
import io.ebpf4j.heal.loop.SharedView;
import io.ebpf4j.hooks.alert.AlertEngine;
import io.ebpf4j.hooks.alert.AlertRule;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.mesh.Prober;
import io.ebpf4j.hooks.metrics.HookStatus;
import io.ebpf4j.hooks.metrics.TelemetryState;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.ebpf4j.netns.NetNs;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent running on its node from an {@link AgentPlan}: it starts, in order, the XDP mesh filter
 * on the node's interfaces with the peers, their policies and port rules and the default action;
 * the prober towards the peers with a probe address; the syscall latency hook and the network events
 * hook if enabled; the alert engine with the configured rules (alerts are logged); the Prometheus
 * {@code /metrics} server; and the decision journal file (mode 0600, new directories 0700).
 *
 * <p>Before starting anything it checks what {@code ebpf4j agent --check} cannot: the interfaces
 * exist, and the kernel and the process's privileges have what the mesh filter needs (fatal: an
 * {@link AgentStartException} with the remedies). The syscall hook and network events are skipped,
 * with the reason logged and served in {@code ebpf4j_hook_info}, when their requirements are missing
 * or they fail to start.
 *
 * <p>{@link #reload()} re-reads the configuration file and applies the changes of peers,
 * identities, policies, port rules, probe targets and alert rules to the running hooks without
 * detaching the filter; the other changes are reported as needing a restart; an invalid file keeps
 * the running configuration. {@link AgentSignals} ties it to SIGHUP, and the shutdown to SIGTERM and
 * SIGINT.
 *
 * <p>The mesh filter is pinned under the plan's {@link AgentPlan#pinDir() pinDir} and outlives the
 * agent: {@link #close()} (SIGTERM) stops everything else and leaves the filter attached, filtering
 * and counting; the next start from the same configuration adopts it (its program is swapped into the
 * pinned links: no moment without the policies, counters continue; see {@link #adopted()}), attaches
 * the interfaces that are new, detaches those no longer configured and removes the peers no longer
 * configured. {@link #uninstall(AgentPlan)} removes the pinned datapath. A start that fails removes
 * the datapath it created, and leaves an adopted one running as it found it.
 *
 * <p>With {@code healing.enabled} (the default) the agent runs its node's self-healing loop
 * ({@link io.ebpf4j.heal.loop.NodeHealLoop}) on the filter and the prober, sharing its analysed edges and
 * node features with the other agents through a gossip view ({@code gossip.bind}) and reading theirs,
 * and the membership of their agents as evidence. It heals this node only: routes in its heal table
 * ({@link io.ebpf4j.heal.act.HealTable}, the node's own traffic only, so detours never loop), policies
 * in its filter. Stopping keeps the routes in place, like the filter; the next start adopts them and
 * removes each once its node is judged healthy; {@link #uninstall(AgentPlan)} removes them. See
 * {@link #healingStatus()}. Thread-safe; {@link #close()} is idempotent.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    private final Path configFile;
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private volatile AgentPlan plan;
    private MeshFilter filter;
    private Prober prober;
    private SyscallLatency syscalls;
    private NetEvents netEvents;
    private AlertEngine alerts;
    private AgentMetrics metrics;
    private Path journal;
    private AgentHealing healing;
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final List<HookStatus> hooks = new CopyOnWriteArrayList<>(); // read by scrapes
    private boolean closed;

    private AgentRuntime(Path configFile, AgentPlan plan) {
        this.configFile = configFile;
        this.plan = plan;
    }

    /**
     * Reads and checks {@code configFile}, then starts the agent from its plan.
     *
     * @throws ConfigException     when the file is invalid (every problem, with its place)
     * @throws AgentStartException when the node lacks something the agent needs (each problem with its remedy)
     */
    public static AgentRuntime start(Path configFile) {
        return start(configFile, AgentPlan.of(AgentConfig.load(configFile)));
    }

    /**
     * Starts the agent from {@code plan}; {@code configFile} is what {@link #reload()} re-reads.
     *
     * @throws AgentStartException when the node lacks something the agent needs (each problem with its remedy)
     */
    public static AgentRuntime start(Path configFile, AgentPlan plan) {
        Objects.requireNonNull(configFile, "configFile");
        Objects.requireNonNull(plan, "plan");
        List<String> problems = StartChecks.fatal(plan);
        if (!problems.isEmpty()) {
            problems.forEach(p -> LOG.error("cannot start: {}", p));
            throw new AgentStartException(problems);
        }
        AgentRuntime rt = new AgentRuntime(configFile, plan);
        try {
            rt.startAll();
            return rt;
        } catch (RuntimeException | Error e) {
            rt.stop(rt.filter != null && !rt.filter.adopted()); // a failed first start leaves nothing in the kernel
            throw e;
        }
    }

    /**
     * Removes what the agent of {@code plan} leaves behind on this node: the mesh filter pinned in its
     * pin directory (link pins, which detaches the filter from each interface, then map pins, then the
     * directory). Stop the agent first: a running agent holds its links, which stay attached until it
     * exits. The journal is kept: it is the user's data.
     */
    public static UninstallResult uninstall(AgentPlan plan) {
        return Uninstall.run(Objects.requireNonNull(plan, "plan"));
    }

    private void startAll() {
        AgentPlan p = plan;
        filter = PinnedDatapath.start(p);
        prober = startProber(p.probes());
        hooks.add(new HookStatus("mesh_filter", true, "xdp", ""));
        syscalls = startSyscalls(p.syscalls());
        netEvents = startNetEvents(p.netEvents());
        alerts = startAlerts(p.alerts());
        metrics = AgentMetrics.start(p.metrics(), p.metricsAuth(), registry, filter, syscalls, netEvents,
                () -> TelemetryStates.of(hooks));
        journal = JournalFile.prepare(p.journal());
        try {
            healing = AgentHealing.start(p, journal, filter, prober, netEvents, syscalls, registry);
        } catch (IllegalStateException e) {
            throw new AgentStartException(List.of("healing: " + e.getMessage()), e);
        }
        LOG.info("healing: {}", healing.status());
        LOG.info("agent ready: node {} ({}) on {}; metrics {}; journal {}", p.nodeName(), p.node(),
                String.join(", ", filter.interfaces()), metrics.uri(), journal);
    }

    private Prober startProber(ProbePlan p) {
        if (!p.enabled() || p.targets().isEmpty()) {
            LOG.info("probes: {}", p.enabled() ? "no peer has a probeAddress: nothing to probe" : "off");
            return null;
        }
        Prober.Builder b = filter.prober().interval(p.interval());
        p.targets().forEach(b::target);
        Prober started = b.start();
        LOG.info("probes: to {} on UDP port {} every {}", p.targets().keySet(), p.port(), Durations.format(p.interval()));
        return started;
    }

    private SyscallLatency startSyscalls(SyscallPlan s) {
        if (!s.enabled()) {
            return null;
        }
        return startHook("syscall_latency", StartChecks.SYSCALL_HOOK, () -> {
            SyscallLatency.Builder b = SyscallLatency.builder().syscalls(s.syscalls()).tgid(s.tgid());
            s.cgroup().ifPresent(c -> b.cgroupId(SyscallLatency.cgroupId(c)));
            s.slowThreshold().ifPresent(b::slowThreshold);
            return b.build();
        }, h -> h.state().path().name().toLowerCase(Locale.ROOT), h -> h.state().reason());
    }

    private NetEvents startNetEvents(NetEventsPlan n) {
        if (!n.enabled()) {
            return null;
        }
        return startHook("net_events", StartChecks.NET_EVENTS, () -> {
            NetEvents.Builder b = NetEvents.builder().events(n.events()).allStateChanges(n.allStateChanges())
                    .unspecifiedDrops(n.unspecifiedDrops());
            if (!n.tracepoints().isEmpty()) {
                b.tracepoints(n.tracepoints());
            }
            if (!n.allNamespaces()) {
                b.netns(Set.of(NetNs.currentInode()));
            }
            return b.build();
        }, h -> h.attachPath().name().toLowerCase(Locale.ROOT), h -> String.join("; ", h.state().skipped().stream()
                .map(t -> t.tracepoint() + " skipped: " + t.reason()).toList()));
    }

    /** Starts a hook that is skipped (with the reason logged) when it cannot run. */
    private <T extends AutoCloseable> T startHook(String name, List<io.ebpf4j.kernel.Requirement> requirements,
            Supplier<T> create, java.util.function.Function<T, String> attachPath,
            java.util.function.Function<T, String> note) {
        Optional<String> missing = StartChecks.skipReason(requirements);
        if (missing.isPresent()) {
            LOG.warn("{} skipped: {}", name, missing.get());
            hooks.add(HookStatus.degraded(name, missing.get()));
            return null;
        }
        try {
            T hook = create.get();
            hooks.add(new HookStatus(name, true, attachPath.apply(hook), note.apply(hook)));
            LOG.info("{} started ({})", name, attachPath.apply(hook));
            return hook;
        } catch (RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            LOG.warn("{} skipped: it did not start: {}", name, why);
            hooks.add(HookStatus.degraded(name, why));
            return null;
        }
    }

    private AlertEngine startAlerts(List<AlertRule> rules) {
        if (rules.isEmpty()) {
            LOG.info("alerts: no rules");
            return null;
        }
        AlertEngine.Builder b = AlertEngine.builder().meshFilter(filter).listener(AlertLog::log);
        if (syscalls != null) {
            b.syscallLatency(syscalls);
        }
        if (netEvents != null) {
            b.netEvents(netEvents);
        }
        for (AlertRule r : rules) {
            b.rule(r);
            AlertLog.source(r, syscalls != null, netEvents != null)
                    .ifPresent(hook -> LOG.warn("alert rule {} reads {}, which is not running: it will not fire", r.id(), hook));
        }
        AlertEngine engine = b.build();
        LOG.info("alerts: rules {}", rules.stream().map(AlertRule::id).toList());
        return engine;
    }

    /**
     * Re-reads the configuration file. Invalid: the running configuration is kept and each problem
     * logged. Valid: the changes of peers (identities, CIDRs, policies, port rules), probe targets and
     * interval, and alert rules are applied to the running hooks without detaching the filter, each
     * change logged; other changed keys are logged as needing a restart and not applied.
     *
     * @throws IllegalStateException when the runtime is closed
     */
    public synchronized ReloadResult reload() {
        if (closed) {
            throw new IllegalStateException("the agent runtime is closed");
        }
        AgentPlan running = plan;
        AgentPlan loaded;
        try {
            loaded = AgentPlan.of(AgentConfig.load(configFile));
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                LOG.error("reload: {}", p.describe(configFile.toString()));
            }
            LOG.error("reload rejected: {} {} in {}; the running configuration is kept", e.problems().size(),
                    e.problems().size() == 1 ? "problem" : "problems", configFile);
            return ReloadResult.rejected(e.problems());
        }
        PlanDiff diff = PlanDiff.of(running, loaded);
        List<String> changes = new ArrayList<>();
        boolean healRestart = healing != null && AgentHealing.changes(running, diff.target());
        if (healRestart) {
            healing.stopLoop(); // it reads the peers and the prober about to change; its routes stay
        }
        try {
            changes.addAll(PeerSync.apply(filter, running.mesh().peers(), diff.target().mesh().peers()));
            changes.addAll(ProbeAuthSync.apply(filter, running.probes().auth(), diff.target().probes().auth()));
            if (!diff.probes().isEmpty()) {
                Prober old = prober;
                prober = null;
                if (old != null) {
                    old.close();
                }
                prober = startProber(diff.target().probes());
                changes.addAll(diff.probes());
            }
            if (!diff.alerts().isEmpty()) {
                AlertEngine old = alerts;
                alerts = null;
                if (old != null) {
                    old.close();
                }
                alerts = startAlerts(diff.target().alerts());
                changes.addAll(diff.alerts());
            }
        } catch (RuntimeException e) {
            changes.forEach(c -> LOG.info("reload: {}", c));
            LOG.error("reload failed while applying: {}; the filter may hold part of the new configuration: fix the "
                    + "cause and reload again (SIGHUP)", e.toString(), e);
            if (healRestart) {
                restartHealing(running);
            }
            return ReloadResult.failed(changes, e.toString());
        }
        plan = diff.target();
        if (healRestart && restartHealing(plan)) {
            changes.add("healing loop restarted (its neighbours, services or probes changed; its routes kept and adopted)");
        }
        changes.forEach(c -> LOG.info("reload: {}", c));
        diff.needsRestart().forEach(k -> LOG.warn("reload: {} changed: needs a restart, not applied", k));
        if (changes.isEmpty() && diff.needsRestart().isEmpty()) {
            LOG.info("reload: {} unchanged", configFile);
        } else {
            LOG.info("reload of {} done: {} applied, {} needing a restart", configFile, changes.size(),
                    diff.needsRestart().size());
        }
        return ReloadResult.done(changes, diff.needsRestart());
    }

    /** Starts the heal loop of {@code p} again after a reload stopped it; false (logged) when it cannot. */
    private boolean restartHealing(AgentPlan p) {
        try {
            healing.startLoop(p, journal, filter, prober, netEvents, syscalls);
            return true;
        } catch (RuntimeException e) {
            LOG.error("reload: the heal loop did not restart: {}; healing stays off until the next reload or restart",
                    e.toString(), e);
            return false;
        }
    }

    /** The plan running now (after reloads: with the applied changes). */
    public AgentPlan plan() {
        return plan;
    }

    /** The configuration file {@link #reload()} re-reads. */
    public Path configFile() {
        return configFile;
    }

    /**
     * Whether this start adopted the datapath a previous agent left pinned (counters continued), rather
     * than creating it.
     */
    public boolean adopted() {
        return filter.adopted();
    }

    /** The running mesh filter. */
    public synchronized MeshFilter filter() {
        requireOpen();
        return filter;
    }

    /** The URI of {@code /metrics} (with the port chosen when the configuration says port 0). */
    public URI metricsUri() {
        return metrics.uri();
    }

    /** The decision journal file. */
    public Path journal() {
        return journal;
    }

    /** Each hook's status: running (with its attach path), or skipped (with the reason). */
    public TelemetryState state() {
        return TelemetryStates.of(hooks);
    }

    /** Whether self-healing runs (on which node, with which view), or why not. */
    public synchronized String healingStatus() {
        return healing == null ? "not started" : healing.status();
    }

    /** The running heal loop of this node, if healing runs. */
    public synchronized Optional<NodeHealLoop> healLoop() {
        return healing == null ? Optional.empty() : healing.loop();
    }

    /** The view the heal loop shares with the other agents (a gossip view, or this node's alone), if healing runs. */
    public synchronized Optional<SharedView> view() {
        return healing == null ? Optional.empty() : healing.view();
    }

    /** Blocks until {@link #close()} has finished (from another thread, a signal or a shutdown hook). */
    public void awaitClosed() throws InterruptedException {
        closedLatch.await();
    }

    /**
     * Stops the alerts, the metrics server, the hooks and the prober, and releases the mesh filter,
     * which stays attached, filtering and counting on its pins (the next start adopts it;
     * {@link #uninstall(AgentPlan)} removes it). Idempotent.
     */
    @Override
    public void close() {
        stop(false);
    }

    /** Stops everything; {@code uninstall}: the filter is removed from the kernel too (a failed first start). */
    private void stop(boolean uninstall) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly("heal loop and gossip view", healing);
            closeQuietly("alert engine", alerts);
            closeQuietly("metrics server", metrics);
            closeQuietly("network events", netEvents);
            closeQuietly("syscall latency hook", syscalls);
            closeQuietly("prober", prober);
            List<String> attached = filter == null ? List.of() : filter.interfaces();
            closeQuietly("mesh filter", filter);
            if (uninstall) {
                try {
                    AgentHealing.table().uninstall();
                } catch (RuntimeException e) {
                    LOG.warn("removing the heal table failed: {}", e.toString());
                }
            }
            if (filter != null && uninstall) {
                try {
                    MeshFilter.uninstall(plan.pinDir());
                    LOG.info("mesh filter removed (pinned in {}): the failed start created it", plan.pinDir());
                } catch (RuntimeException e) {
                    LOG.warn("removing the mesh filter pinned in {} failed: {}; `ebpf4j agent --uninstall --config {}` "
                            + "removes it", plan.pinDir(), e.toString(), configFile, e);
                }
            } else if (filter != null) {
                LOG.info("the mesh filter keeps running on {} (pinned in {}): the next start adopts it; "
                        + "`ebpf4j agent --uninstall --config {}` removes it", String.join(", ", attached),
                        plan.pinDir(), configFile);
            }
            LOG.info("agent stopped: node {}", plan.nodeName());
        }
        closedLatch.countDown();
    }

    private synchronized void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the agent runtime is closed");
        }
    }

    private static void closeQuietly(String what, AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing the {} failed: {}", what, e.toString(), e);
        }
    }
}
