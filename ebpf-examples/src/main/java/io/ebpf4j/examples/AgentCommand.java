package io.ebpf4j.examples;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.config.AgentConfig;
import io.ebpf4j.agent.config.ConfigException;
import io.ebpf4j.agent.config.ConfigProblem;
import io.ebpf4j.agent.run.AgentRuntime;
import io.ebpf4j.agent.run.AgentSignals;
import io.ebpf4j.agent.run.AgentStartException;
import io.ebpf4j.agent.run.UninstallResult;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ebpf4j agent}: the per-node agent.
 * <ul>
 *   <li>{@code --config FILE} runs it ({@link AgentRuntime}) until SIGTERM or SIGINT (exit
 *       {@value #EXIT_OK} after a clean stop); SIGHUP reloads the file. One line on standard output
 *       when ready; the log goes to standard error.</li>
 *   <li>{@code --check --config FILE} prints what the agent would do (exit {@value #EXIT_OK}) or every
 *       problem in the file, each with its key path, line, column and what was expected.</li>
 *   <li>{@code --uninstall --config FILE} removes what the agent leaves behind on the node
 *       ({@link AgentRuntime#uninstall}); the journal is kept.</li>
 * </ul>
 * Exit codes: {@value #EXIT_OK} done; {@value #EXIT_FAILED} the agent failed while running;
 * {@value #EXIT_CONFIG_INVALID} the configuration file (or the command line) is invalid;
 * {@value #EXIT_START_FAILED} the node lacks something the agent needs (an interface, a privilege, a
 * kernel feature, a usable metrics address or journal path); {@value #EXIT_UNINSTALL_INCOMPLETE}
 * {@code --uninstall} left something in place (it says what and why).
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = {"The per-node agent: runs the mesh filter, probes, hooks, alerts and /metrics from a "
                + "configuration file until SIGTERM/SIGINT; SIGHUP reloads peers, policies and alert rules.",
            "--check: validate the file and print what the agent would do. --uninstall: remove what it leaves behind.",
            "Exit codes: 0 ok, 1 failed while running, 2 invalid configuration or command line, 3 cannot start on "
                + "this node, 4 uninstall incomplete."})
public final class AgentCommand implements Callable<Integer> {
    /** Done: the configuration is valid ({@code --check}), the agent stopped cleanly, or the uninstall is complete. */
    public static final int EXIT_OK = 0;
    /** The agent failed while running. */
    public static final int EXIT_FAILED = 1;
    /** The configuration file has problems or cannot be read, or the command line is invalid. */
    public static final int EXIT_CONFIG_INVALID = 2;
    /** The agent cannot start on this node (each problem is printed with its remedy). */
    public static final int EXIT_START_FAILED = 3;
    /** {@code --uninstall} left something in place. */
    public static final int EXIT_UNINSTALL_INCOMPLETE = 4;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the agent's YAML configuration file")
    Path config;

    @Option(names = "--check", description = "validate the configuration and print the plan; run nothing")
    boolean check;

    @Option(names = "--uninstall", description = "remove what the agent leaves behind on this node (the journal is kept)")
    boolean uninstall;

    @Override
    public Integer call() {
        if (check && uninstall) {
            System.err.println("ebpf4j agent: --check and --uninstall exclude each other");
            return EXIT_CONFIG_INVALID;
        }
        PrintStream out = check ? System.out : System.err;
        AgentPlan plan;
        try {
            plan = AgentPlan.of(AgentConfig.load(config));
        } catch (ConfigException e) {
            int n = e.problems().size();
            out.println(config + ": " + n + (n == 1 ? " problem" : " problems") + ", the agent would not start:");
            for (ConfigProblem p : e.problems()) {
                out.println("  " + p.describe(config.toString()));
            }
            return EXIT_CONFIG_INVALID;
        }
        if (check) {
            out.print(plan.render());
            out.println(config + ": OK");
            return EXIT_OK;
        }
        return uninstall ? uninstall(plan) : run(plan);
    }

    private int uninstall(AgentPlan plan) {
        UninstallResult r = AgentRuntime.uninstall(plan);
        r.removed().forEach(l -> System.out.println("removed: " + l));
        r.kept().forEach(l -> System.out.println("kept: " + l));
        System.out.println("ebpf4j agent --uninstall: " + (r.complete() ? "done" : "incomplete"));
        return r.complete() ? EXIT_OK : EXIT_UNINSTALL_INCOMPLETE;
    }

    /**
     * Netty settings for the gossip transport, unless the JVM was given its own: unpooled buffers (the
     * pooled allocator keeps a 4 MiB chunk per arena, 8 MiB of heap for a few hundred bytes of gossip a
     * second) and no {@code sun.misc.Unsafe} (JDK 24+ warns about it; same behaviour). Set before any
     * Netty class loads, which reads them once.
     */
    private static void nettyDefaults() {
        setIfAbsent("io.netty.allocator.type", "unpooled");
        setIfAbsent("io.netty.noUnsafe", "true");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private int run(AgentPlan plan) {
        nettyDefaults();
        AgentRuntime runtime;
        try {
            runtime = AgentRuntime.start(config, plan);
        } catch (AgentStartException e) {
            System.err.println("ebpf4j agent: cannot start on this node:");
            e.problems().forEach(p -> System.err.println("  " + p));
            return EXIT_START_FAILED;
        } catch (RuntimeException e) {
            System.err.println("ebpf4j agent: failed to start: " + e);
            return EXIT_FAILED;
        }
        try (runtime; AgentSignals signals = AgentSignals.install(runtime)) {
            System.out.println("ebpf4j agent ready: node " + plan.nodeName() + " (" + plan.node() + "), interfaces "
                    + String.join(", ", plan.mesh().interfaces()) + ", metrics " + runtime.metricsUri());
            System.out.flush();
            runtime.awaitClosed();
            return EXIT_OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_OK;
        } catch (RuntimeException e) {
            System.err.println("ebpf4j agent: failed: " + e);
            return EXIT_FAILED;
        }
    }
}
