package io.ebpf4j.heal.experiment.agents;

import java.nio.file.Path;
import java.util.List;

/**
 * The command line that runs {@code ebpf4j agent --config FILE} inside a network namespace, e.g.
 * {@code nsenter --net=/run/netns/NS java -cp ... io.ebpf4j.examples.Main agent --config FILE}. The
 * command must exec the agent's JVM in place (its pid is the agent's: it is sampled and killed).
 */
@FunctionalInterface
public interface AgentLauncher {
    /** The command for the agent of namespace {@code netns} with configuration file {@code config}. */
    List<String> command(String netns, Path config);
}
