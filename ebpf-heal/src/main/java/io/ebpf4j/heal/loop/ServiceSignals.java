package io.ebpf4j.heal.loop;

import io.ebpf4j.hooks.alert.Alert;
import io.ebpf4j.hooks.alert.AlertListener;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The Monitor's event-driven input: reset alerts from the hooks' {@code AlertEngine} (rule
 * {@link #RULE_ID}, subject = the remote address that reset connections) mapped to the node whose
 * service that address belongs to, and refusals seen by the loops' own service checks. Each
 * firing alert also wakes the loop at once (the {@code wake} callback), so a service failure does not
 * wait for the next period. Thread-safe: alerts arrive on the hooks' reader thread.
 */
public final class ServiceSignals implements AlertListener {
    /** The id of the reset rule this listener consumes. */
    public static final String RULE_ID = "heal-service-resets";

    /** A failing service: since when (kernel ns of the first cause) and how strongly. */
    public record Failing(long sinceKernelNs, double value) {}

    private final Function<InetAddress, Optional<Integer>> ownerOf;
    private final Runnable wake;
    private final Map<Integer, Failing> resets = new ConcurrentHashMap<>();
    private final Map<Integer, Failing> refusals = new ConcurrentHashMap<>();

    /**
     * @param ownerOf the node whose service an address belongs to (empty: not a service address)
     * @param wake    called when a service starts failing
     */
    public ServiceSignals(Function<InetAddress, Optional<Integer>> ownerOf, Runnable wake) {
        this.ownerOf = ownerOf;
        this.wake = wake;
    }

    @Override
    public void onAlert(Alert alert) {
        if (!RULE_ID.equals(alert.ruleId())) {
            return;
        }
        Optional<Integer> owner;
        try {
            owner = ownerOf.apply(InetAddress.ofLiteral(alert.subject()));
        } catch (IllegalArgumentException e) {
            return; // not an address subject
        }
        if (owner.isEmpty()) {
            return;
        }
        if (alert.phase() == Alert.Phase.FIRING) {
            resets.put(owner.get(), new Failing(alert.causeKernelNs(), alert.value()));
            wake.run();
        } else {
            resets.remove(owner.get());
        }
    }

    /** Records the outcome of a loop's own check of {@code owner}'s service. */
    public void checked(int owner, boolean refused, long monoNanos) {
        if (refused) {
            refusals.putIfAbsent(owner, new Failing(monoNanos, 1));
        } else {
            refusals.remove(owner);
        }
    }

    /** The nodes whose service is failing now. */
    public java.util.Set<Integer> failingNodes() {
        java.util.Set<Integer> s = new java.util.TreeSet<>(resets.keySet());
        s.addAll(refusals.keySet());
        return s;
    }

    /** Whether {@code owner}'s service is failing now, and since when. */
    public Optional<Failing> failing(int owner) {
        Failing r = resets.get(owner);
        Failing c = refusals.get(owner);
        if (r == null) {
            return Optional.ofNullable(c);
        }
        if (c == null) {
            return Optional.of(r);
        }
        return Optional.of(r.sinceKernelNs() <= c.sinceKernelNs() ? r : c);
    }
}
