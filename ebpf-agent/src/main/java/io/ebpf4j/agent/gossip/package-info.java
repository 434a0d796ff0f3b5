/**
 * The agents' shared view across processes: {@link io.ebpf4j.agent.gossip.GossipView}, a
 * {@link io.ebpf4j.heal.loop.SharedView} whose records travel by the gossip of a SWIM membership
 * cluster (scalecube-cluster), with the membership as evidence for fault localisation. Why that
 * library, how it is tuned and what it costs: docs/agent/GOSSIP.md.
 */
package io.ebpf4j.agent.gossip;
