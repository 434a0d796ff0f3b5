/**
 * Self-healing on ebpf4j telemetry: a MAPE-K loop (Monitor, Analyze, Plan, Execute over a shared
 * Knowledge store) fed by the mesh hooks of {@code io.ebpf4j.hooks}.
 *
 * <ul>
 *   <li>{@code io.ebpf4j.heal.detect}: online anomaly detectors with bounded memory per series.</li>
 *   <li>{@code io.ebpf4j.heal.graph}: the telemetry graph snapshot, fault localisation, export.</li>
 *   <li>{@code io.ebpf4j.heal.plan}: diagnosis to action rules behind guards.</li>
 *   <li>{@code io.ebpf4j.heal.act}: the actions (reroute, restore, deny / allow a peer, alert).</li>
 *   <li>{@code io.ebpf4j.heal.knowledge}: the bounded store, decision journal and metrics.</li>
 *   <li>{@code io.ebpf4j.heal.loop}: the loop that wires the phases to the hooks.</li>
 * </ul>
 *
 * <p>The fault-injection experiment that measures the loop ({@code io.ebpf4j.heal.experiment}) is a
 * module of its own, {@code ebpf-heal-experiment}, outside this library.
 */
package io.ebpf4j.heal;
