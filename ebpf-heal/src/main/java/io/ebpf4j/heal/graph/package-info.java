/**
 * The telemetry graph: snapshots ({@link io.ebpf4j.heal.graph.TelemetryGraph}), pluggable graph
 * detectors ({@link io.ebpf4j.heal.graph.GraphDetector}, built in:
 * {@link io.ebpf4j.heal.graph.SeriesGraphDetector}), fault localisation
 * ({@link io.ebpf4j.heal.graph.FaultLocaliser}) and export for GNN training
 * ({@link io.ebpf4j.heal.graph.GraphExport}).
 */
package io.ebpf4j.heal.graph;
