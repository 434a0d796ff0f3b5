/**
 * The per-node ebpf4j agent (issue #14).
 *
 * <p>So far: {@link io.ebpf4j.agent.AgentPlan}, what the agent does on its node, derived from a checked
 * configuration ({@link io.ebpf4j.agent.config.AgentConfig}) with every default filled in and every
 * value in the library's own types (the mesh filter and its peers, probes, hooks, alert rules,
 * services, the healing loop and its guards, metrics, journal, pin directory, gossip). It is a pure
 * description; {@code ebpf4j agent --check} prints it. {@link io.ebpf4j.agent.run.AgentRuntime} runs it on the
 * node (docs/agent/AGENT.md).
 */
package io.ebpf4j.agent;
