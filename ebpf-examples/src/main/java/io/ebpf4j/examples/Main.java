package io.ebpf4j.examples;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ebpf4j} command line. Each tool is a picocli subcommand; adding one is adding its class
 * to the {@code subcommands} list below.
 */
@Command(name = "ebpf4j", mixinStandardHelpOptions = true, version = "ebpf4j 0.1.0",
        description = "eBPF tools for the JVM.",
        subcommands = {
            CommandLine.HelpCommand.class,
            AgentCommand.class,
            DoctorCommand.class,
            InspectCommand.class,
            LoadCommand.class,
            MeshMonitorCommand.class,
            SelfHealDemoCommand.class,
            TrainGraphCommand.class,
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
