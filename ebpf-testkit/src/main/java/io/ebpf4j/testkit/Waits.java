package io.ebpf4j.testkit;

import java.util.function.BooleanSupplier;

/** Waits for asynchronous deliveries (ring buffer events) without asserting on time. */
public final class Waits {
    private Waits() {}

    /** Polls {@code condition} every 5 ms; fails naming {@code what} after 10 s. */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
