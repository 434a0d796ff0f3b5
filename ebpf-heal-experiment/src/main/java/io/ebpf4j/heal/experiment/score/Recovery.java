package io.ebpf4j.heal.experiment.score;

import java.util.OptionalLong;

/**
 * What the traffic says about one fault.
 *
 * @param injectedNanos   when the fault was injected (monoNanos)
 * @param clearedNanos    when it was cleared
 * @param impaired        whether any request of an affected flow sent in [injected, cleared] failed or timed out
 * @param restoredAtNanos the start of the first window after injection in which every affected flow was
 *                        healthy again; empty when that never happened before the fault cleared
 */
public record Recovery(long injectedNanos, long clearedNanos, boolean impaired, OptionalLong restoredAtNanos) {
    /** True when service was restored before the fault cleared. */
    public boolean restored() {
        return restoredAtNanos.isPresent();
    }

    /** Time to recovery: restoredAt - injected; empty when not restored. */
    public OptionalLong mttrNanos() {
        return restored() ? OptionalLong.of(restoredAtNanos.getAsLong() - injectedNanos) : OptionalLong.empty();
    }
}
