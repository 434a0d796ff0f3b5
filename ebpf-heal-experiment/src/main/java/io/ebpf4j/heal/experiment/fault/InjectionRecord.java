package io.ebpf4j.heal.experiment.fault;

import io.ebpf4j.heal.experiment.Fault;
import java.time.Instant;

/**
 * A fault put into the mesh: ground truth for scoring.
 *
 * @param fault             what was injected
 * @param injectedMonoNanos when it took full effect ({@link System#nanoTime()}, after the last step)
 * @param injectedWall      the same moment on the wall clock
 */
public record InjectionRecord(Fault fault, long injectedMonoNanos, Instant injectedWall) {}
