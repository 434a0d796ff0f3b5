package io.ebpf4j.heal.experiment.run;

import java.util.Deque;

/** Closes a stack of resources newest first, every one even when some fail; the failures are thrown together. */
final class Closer {
    private Closer() {}

    static void closeAll(Deque<AutoCloseable> owned, String what) {
        RuntimeException failure = null;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("cleaning up " + what, e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
