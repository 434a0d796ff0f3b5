package io.ebpf4j.heal.loop;

import io.ebpf4j.heal.experiment.run.HealRig;
import io.ebpf4j.heal.plan.Decision;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Waiting on conditions of a running {@link HealRig} (deadlines are generous: nothing here is timed). */
final class RigTesting {
    private RigTesting() {}

    /** Waits until {@code condition} holds or {@code limit} passes; returns whether it held. */
    static boolean await(BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            sleep(Duration.ofMillis(20));
        }
        return condition.getAsBoolean();
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The rig's decisions on {@code subject} of {@code kind}. */
    static List<Decision> decisions(HealRig rig, String subject, Decision.Kind kind) {
        return rig.loop().knowledge().decisions(subject, 10_000).stream().filter(d -> d.kind() == kind).toList();
    }
}
