package io.ebpf4j.hooks.alert;

/**
 * Receives {@link Alert}s: the Monitor stage of a MAPE-K loop plugs in here. Event-rule alerts are
 * delivered on the hook's reader thread, window-rule alerts on the engine's evaluation thread; a
 * listener must not block for long. One that throws is logged and the others still run.
 */
@FunctionalInterface
public interface AlertListener {
    void onAlert(Alert alert);
}
