package io.ebpf4j.agent.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ties an {@link AgentRuntime} to the process's signals: SIGHUP reloads the configuration
 * ({@link AgentRuntime#reload()}); SIGTERM and SIGINT close the runtime (so
 * {@link AgentRuntime#awaitClosed()} returns and the process can exit 0; a second one while closing
 * goes to the JVM's own handler, which ends the process); a shutdown hook closes the runtime when
 * the JVM ends any other way. {@link #close()} restores the previous handlers and removes the
 * shutdown hook (unless the JVM is already shutting down).
 */
public final class AgentSignals implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentSignals.class);

    private record Installed(Signal signal, SignalHandler previous) {}

    private final List<Installed> installed;
    private final Thread shutdownHook;
    private boolean closed;

    private AgentSignals(List<Installed> installed, Thread shutdownHook) {
        this.installed = installed;
        this.shutdownHook = shutdownHook;
    }

    /** Installs the SIGHUP, SIGTERM and SIGINT handlers and the shutdown hook for {@code runtime}. */
    public static AgentSignals install(AgentRuntime runtime) {
        Thread hook = new Thread(runtime::close, "ebpf4j-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        List<Installed> installed = new ArrayList<>();
        try {
            Signal hup = new Signal("HUP");
            SignalHandler previousHup = Signal.handle(hup, s -> {
                LOG.info("SIGHUP: reloading {}", runtime.configFile());
                try {
                    runtime.reload();
                } catch (RuntimeException e) {
                    LOG.error("reload on SIGHUP failed: {}", e.toString(), e);
                }
            });
            if (previousHup == SignalHandler.SIG_IGN) {
                // The JVM leaves a SIGHUP that was ignored when it started ignored, and installs nothing.
                LOG.warn("SIGHUP is ignored in this process (inherited from its parent, e.g. nohup): a SIGHUP "
                        + "will not reload {}; start the agent without nohup (systemd's ExecReload sends SIGHUP), "
                        + "or restart it to apply a changed configuration", runtime.configFile());
            }
            installed.add(new Installed(hup, previousHup));
            for (String name : List.of("TERM", "INT")) {
                stopOn(name, runtime).ifPresent(installed::add);
            }
        } catch (RuntimeException e) {
            installed.forEach(i -> Signal.handle(i.signal(), i.previous()));
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
        return new AgentSignals(List.copyOf(installed), hook);
    }

    /** SIG{@code name} closes the runtime; a second one goes to the previous handler (the JVM's: it exits). */
    private static Optional<Installed> stopOn(String name, AgentRuntime runtime) {
        Signal sig = new Signal(name);
        AtomicBoolean seen = new AtomicBoolean();
        SignalHandler[] previous = new SignalHandler[1];
        SignalHandler stop = s -> {
            if (seen.getAndSet(true)) {
                LOG.warn("SIG{} again while stopping: ending the JVM", name);
                try {
                    previous[0].handle(s);
                } catch (UnsupportedOperationException nativeHandler) { // SIG_DFL / SIG_IGN
                    Runtime.getRuntime().exit(128 + s.getNumber());
                }
                return;
            }
            LOG.info("SIG{}: stopping", name);
            runtime.close();
        };
        try {
            previous[0] = Signal.handle(sig, stop);
            return Optional.of(new Installed(sig, previous[0]));
        } catch (IllegalArgumentException reserved) { // e.g. -Xrs: the shutdown hook still closes the runtime
            LOG.info("SIG{} is not ours to handle ({}); the shutdown hook closes the agent", name, reserved.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        installed.forEach(i -> Signal.handle(i.signal(), i.previous()));
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran): nothing to remove
        }
    }
}
