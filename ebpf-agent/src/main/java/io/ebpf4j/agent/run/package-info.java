/**
 * The agent at run time: {@link io.ebpf4j.agent.run.AgentRuntime} starts the hooks of an
 * {@link io.ebpf4j.agent.AgentPlan} on the node (mesh filter, prober, syscall hook, network events,
 * alert engine, {@code /metrics}, journal file) and its node's heal loop with the gossip view, with the
 * mesh filter pinned under the plan's pin directory (adopted from a previous agent when there), reloads
 * the configuration without detaching the filter, and stops, leaving the pinned filter and the heal
 * routes in place; {@link io.ebpf4j.agent.run.AgentSignals}
 * ties it to SIGHUP and to the JVM's shutdown; {@link io.ebpf4j.agent.run.AgentRuntime#uninstall}
 * removes the pinned filter and the heal routes.
 */
package io.ebpf4j.agent.run;
