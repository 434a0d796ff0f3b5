/**
 * The plan phase: diagnoses to recovery actions, behind guards.
 *
 * <p>A {@link io.ebpf4j.heal.plan.Planner} per node follows each diagnosed subject
 * (healthy, {@linkplain io.ebpf4j.heal.plan.SubjectState sick, healing, restoring}) and returns
 * {@link io.ebpf4j.heal.plan.Decision}s. {@link io.ebpf4j.heal.plan.Rule}s (the defaults in
 * {@link io.ebpf4j.heal.plan.DefaultRules}) choose a {@link io.ebpf4j.heal.plan.Remedy} made by an
 * {@link io.ebpf4j.heal.plan.ActionFactory}; {@link io.ebpf4j.heal.plan.Guards} (hold time, last
 * path, cooldown, flap damping, rate limit) may refuse it, reading a
 * {@link io.ebpf4j.heal.plan.PathOracle} and the planner's {@link io.ebpf4j.heal.plan.Ledger}.
 */
package io.ebpf4j.heal.plan;
