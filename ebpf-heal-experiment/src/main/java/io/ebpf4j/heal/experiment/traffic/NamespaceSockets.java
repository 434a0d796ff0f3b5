package io.ebpf4j.heal.experiment.traffic;

import io.ebpf4j.netns.NetNs;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small stock of unconnected TCP sockets created inside one network namespace, so the generator's
 * scheduler can start a TCP exchange without entering the namespace itself: a single thread lives in
 * the namespace for the generator's lifetime and tops the stock up (a socket belongs to the namespace
 * it was created in, whichever thread connects it later).
 */
final class NamespaceSockets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NamespaceSockets.class);

    private final String netns;
    private final BlockingQueue<SocketChannel> ready;
    private final Thread keeper;
    private volatile boolean closed;

    NamespaceSockets(String netns, int stock) {
        this.netns = netns;
        this.ready = new ArrayBlockingQueue<>(stock);
        this.keeper = Thread.ofVirtual().name("tcp-sockets-" + netns).start(() -> {
            try {
                NetNs.run(netns, () -> {
                    fill();
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.warn("TCP client sockets in {}: {}", netns, e.toString());
            }
        });
    }

    private void fill() throws IOException, InterruptedException {
        SocketChannel c = null;
        try {
            while (!closed) {
                if (c == null) {
                    c = SocketChannel.open(StandardProtocolFamily.INET);
                }
                if (ready.offer(c, 50, TimeUnit.MILLISECONDS)) {
                    c = null;
                }
            }
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }

    /** Waits until the stock is full (or {@code timeoutNanos} passed); false on timeout. */
    boolean awaitStock(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (ready.remainingCapacity() > 0 && keeper.isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(2);
        }
        return ready.remainingCapacity() == 0;
    }

    /** A fresh socket of the namespace, or null when the stock is empty. */
    SocketChannel poll() {
        return ready.poll();
    }

    String netns() {
        return netns;
    }

    @Override
    public void close() {
        closed = true;
        try {
            keeper.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        SocketChannel c;
        while ((c = ready.poll()) != null) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing spare socket: {}", e.toString());
            }
        }
    }
}
