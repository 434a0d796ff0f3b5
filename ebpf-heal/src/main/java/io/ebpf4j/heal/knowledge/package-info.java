/**
 * The loop's Knowledge: a bounded {@link io.ebpf4j.heal.knowledge.KnowledgeStore} of recent graphs,
 * diagnoses, decisions and outcomes, the JSON-lines {@link io.ebpf4j.heal.knowledge.DecisionJournal},
 * and the Prometheus {@link io.ebpf4j.heal.knowledge.HealMetrics}.
 */
package io.ebpf4j.heal.knowledge;
