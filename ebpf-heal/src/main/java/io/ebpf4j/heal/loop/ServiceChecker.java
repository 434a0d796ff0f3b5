package io.ebpf4j.heal.loop;

import io.ebpf4j.netns.NetNs;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks of services the loop has routed away from: while a service subject is under
 * an action, its own instance (at its owner's direct address, not the rerouted service address) is
 * checked with a TCP connect every {@code interval}; a refusal keeps the subject sick, a completed
 * connect lets it heal. Without this, a rerouted service would look healthy (no more resets) and the
 * planner would route back to a dead instance. One thread, living inside the node's network namespace.
 */
final class ServiceChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceChecker.class);

    private final ServiceSignals signals;
    private final Duration interval;
    private final Map<Integer, InetSocketAddress> targets = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closed;

    ServiceChecker(String netns, ServiceSignals signals, Duration interval) {
        this.signals = signals;
        this.interval = interval;
        this.thread = Thread.ofPlatform().daemon().name("heal-service-check-" + netns).unstarted(() -> {
            if (netns == null) {
                run();
            } else {
                NetNs.exec(netns, this::run);
            }
        });
        thread.start();
    }

    /** Starts (or keeps) checking {@code owner}'s service at {@code address}. */
    void watch(int owner, InetSocketAddress address) {
        targets.put(owner, address);
    }

    /** Stops checking {@code owner}. */
    void unwatch(int owner) {
        targets.remove(owner);
    }

    private void run() {
        int timeoutMs = (int) Math.max(1, interval.toMillis());
        while (!closed) {
            for (Map.Entry<Integer, InetSocketAddress> t : targets.entrySet()) {
                signals.checked(t.getKey(), !reachable(t.getValue(), timeoutMs), System.nanoTime());
            }
            try {
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static boolean reachable(InetSocketAddress address, int timeoutMs) {
        try (Socket s = new Socket()) {
            s.connect(address, timeoutMs);
            return true;
        } catch (ConnectException e) {
            return false; // refused: the service is down
        } catch (SocketTimeoutException e) {
            return true; // no answer is a link or node matter, judged by the probes, not a refusal
        } catch (IOException e) {
            LOG.debug("service check of {} failed: {}", address, e.toString());
            return true;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
