package io.ebpf4j.hooks.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands alerts to the listeners on the caller's thread; a listener that throws is logged. */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
    private final List<AlertListener> listeners = new CopyOnWriteArrayList<>();

    void add(AlertListener l) {
        listeners.add(java.util.Objects.requireNonNull(l, "listener"));
    }

    void remove(AlertListener l) {
        listeners.remove(l);
    }

    void raise(AlertRule rule, Alert.Phase phase, String subject, double value, double threshold, long causeKernelNs,
            String message) {
        Alert a = new Alert(rule.id(), rule.severity(), phase, subject, value, threshold, causeKernelNs, System.nanoTime(),
                message);
        for (AlertListener l : listeners) {
            try {
                l.onAlert(a);
            } catch (RuntimeException e) {
                LOG.warn("alert listener {} failed on {}", l, a, e);
            }
        }
    }
}
