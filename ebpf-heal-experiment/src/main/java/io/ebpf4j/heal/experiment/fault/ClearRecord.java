package io.ebpf4j.heal.experiment.fault;

import io.ebpf4j.heal.experiment.Fault;
import java.time.Instant;

/**
 * A fault taken out of the mesh.
 *
 * @param fault            what was cleared
 * @param clearedMonoNanos when the mesh was whole again ({@link System#nanoTime()}; for a downed link,
 *                         after both ends are operational and missing routes are back)
 * @param clearedWall      the same moment on the wall clock
 */
public record ClearRecord(Fault fault, long clearedMonoNanos, Instant clearedWall) {}
