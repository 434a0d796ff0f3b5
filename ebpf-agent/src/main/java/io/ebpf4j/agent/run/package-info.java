/**
 * The agent at run time: {@link io.ebpf4j.agent.run.AgentRuntime} starts the hooks of an
 * {@link io.ebpf4j.agent.AgentPlan} on the node (mesh filter, prober, syscall hook, network events,
 * alert engine, {@code /metrics}, journal file), reloads the configuration without detaching the
 * filter, and closes everything; {@link io.ebpf4j.agent.run.AgentSignals} ties it to SIGHUP and to
 * the JVM's shutdown; {@link io.ebpf4j.agent.run.AgentRuntime#uninstall} removes what it leaves
 * behind.
 */
package io.ebpf4j.agent.run;
