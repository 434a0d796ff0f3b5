package io.ebpf4j.examples;

import io.ebpf4j.agent.AgentPlan;
import io.ebpf4j.agent.config.AgentConfig;
import io.ebpf4j.agent.config.ConfigException;
import io.ebpf4j.agent.config.ConfigProblem;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ebpf4j agent --check --config FILE}: reads the agent's configuration file, and prints what
 * the agent would do on this node (exit {@value #EXIT_OK}) or every problem in the file, each with
 * its key path, line, column and what was expected (exit {@value #EXIT_CONFIG_INVALID}). Running the
 * agent itself is not there yet (exit {@value #EXIT_NOT_IMPLEMENTED}).
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "The per-node agent. With --check: validate the configuration file and print what the agent "
                + "would do (exit 0), or each problem with its key, line and what was expected (exit 2).")
public final class AgentCommand implements Callable<Integer> {
    /** The configuration is valid (with {@code --check}). */
    public static final int EXIT_OK = 0;
    /** The configuration file has problems, or cannot be read. */
    public static final int EXIT_CONFIG_INVALID = 2;
    /** Running the agent (without {@code --check}) is not implemented yet. */
    public static final int EXIT_NOT_IMPLEMENTED = 3;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "the agent's YAML configuration file")
    Path config;

    @Option(names = "--check", description = "validate the configuration and print the plan; run nothing")
    boolean check;

    @Override
    public Integer call() {
        if (!check) {
            System.err.println("ebpf4j agent: running the agent is not implemented yet (only --check is); "
                    + "exit code " + EXIT_NOT_IMPLEMENTED);
            return EXIT_NOT_IMPLEMENTED;
        }
        PrintStream out = System.out;
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
        out.print(plan.render());
        out.println(config + ": OK");
        return EXIT_OK;
    }
}
