package io.ebpf4j.hooks.alert;

import java.util.HashSet;
import java.util.Set;

/** Which subjects of one rule are alerting: reports only the transitions. Not thread-safe. */
final class Hysteresis {
    private final Set<String> active = new HashSet<>();

    /** Records the condition for {@code subject}; the transition it causes, or null when none. */
    Alert.Phase update(String subject, boolean condition) {
        if (condition) {
            return active.add(subject) ? Alert.Phase.FIRING : null;
        }
        return active.remove(subject) ? Alert.Phase.RESOLVED : null;
    }

    boolean isActive(String subject) {
        return active.contains(subject);
    }

    Set<String> active() {
        return Set.copyOf(active);
    }
}
