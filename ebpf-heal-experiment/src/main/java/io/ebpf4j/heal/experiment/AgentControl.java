package io.ebpf4j.heal.experiment;

/** Kills and restarts the agent process of a node (the fault injector's hook into the agents). */
public interface AgentControl {
    /** Kills node {@code node}'s agent with SIGKILL (no shutdown: its pinned datapath stays) and waits for it to go. */
    void kill(int node);

    /** Starts it again (it adopts its pinned datapath); returns without waiting for it to be ready. */
    void restart(int node);
}
