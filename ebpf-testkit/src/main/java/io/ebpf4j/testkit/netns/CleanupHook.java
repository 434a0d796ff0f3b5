package io.ebpf4j.testkit.netns;

/**
 * Runs a removal once: at {@link #run()} (from {@code close()}) or, if the JVM ends first, from a
 * shutdown hook registered at construction.
 */
final class CleanupHook {
    private final Runnable remove;
    private final Thread hook;
    private boolean done;

    CleanupHook(String name, Runnable remove) {
        this.remove = remove;
        this.hook = new Thread(this::removeOnce, name);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Removes now (once) and unregisters the shutdown hook. */
    void run() {
        removeOnce();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down already: the hook is running or has run
        }
    }

    private synchronized void removeOnce() {
        if (!done) {
            done = true;
            remove.run();
        }
    }
}
