package io.ebpf4j.heal.experiment.traffic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The UDP half of one flow, driven by the generator's scheduler thread: a connected nonblocking
 * socket (so ICMP port unreachable surfaces as a refusal), one request per interval, replies matched
 * by sequence number (late or foreign datagrams ignored), pending requests failed at their timeout.
 *
 * <p>After a failure the socket is re-connected (at most every 100 ms) so that its source address
 * follows the current route when the network reroutes around a fault.
 */
final class UdpFlow implements Ready {
    private static final long RECONNECT_GAP = 100_000_000L;

    private final Flow flow;
    private final int id;
    private final DatagramChannel ch;
    private final InetSocketAddress dst;
    private final RequestRing ring;
    private final long interval;
    private final long timeout;
    private final int size;
    private final ByteBuffer out;
    private final ByteBuffer in;
    private long nextSend;
    private long oldest;
    private long lastReconnect = Long.MIN_VALUE / 2;

    UdpFlow(Flow flow, int id, DatagramChannel ch, TrafficConfig cfg, long firstSend) {
        this.flow = flow;
        this.id = id;
        this.ch = ch;
        this.dst = new InetSocketAddress(flow.dst(), cfg.udpPort());
        this.ring = new RequestRing(flow.label(), Proto.UDP, cfg.capacity(cfg.udpInterval()));
        this.interval = cfg.udpInterval().toNanos();
        this.timeout = cfg.udpTimeout().toNanos();
        this.size = cfg.payloadBytes();
        this.out = ByteBuffer.allocate(size);
        this.in = ByteBuffer.allocate(size + 64);
        this.nextSend = firstSend;
    }

    void register(Selector sel) throws IOException {
        ch.configureBlocking(false);
        ch.register(sel, SelectionKey.OP_READ, this);
    }

    RequestRing ring() {
        return ring;
    }

    /** Fails expired requests and sends when due; returns when this flow next needs the scheduler. */
    long tick(long now) {
        expire(now);
        if (now >= nextSend) {
            send(now);
            while (nextSend <= now) {
                nextSend += interval; // fell behind: skip, never burst
            }
        }
        long due = nextSend;
        if (oldest < ring.next() && ring.outcome(oldest) == Outcome.PENDING) {
            due = Math.min(due, ring.sendNanos(oldest) + timeout);
        }
        return due;
    }

    private void expire(long now) {
        long next = ring.next();
        oldest = Math.max(oldest, next - ring.capacity());
        while (oldest < next) {
            Outcome o = ring.outcome(oldest);
            if (o == Outcome.PENDING) {
                if (ring.sendNanos(oldest) + timeout > now) {
                    return;
                }
                ring.finish(oldest, Outcome.TIMEOUT, now);
                reconnect(now);
            }
            oldest++;
        }
    }

    private void send(long now) {
        long seq = ring.begin(now);
        try {
            if (!ch.isConnected()) {
                ch.connect(dst);
            }
            Payload.write(out, id, seq, size);
            ch.write(out);
        } catch (IOException e) {
            ring.finish(seq, Failures.classify(e), System.nanoTime());
            reconnect(now);
        }
    }

    /** Reads every queued echo (the key is readable). */
    @Override
    public void onReady(SelectionKey key) {
        while (true) {
            in.clear();
            int n;
            try {
                if (!ch.isConnected()) {
                    n = ch.receive(in) == null ? 0 : -1; // between connects: drop what arrives
                    if (n == 0) {
                        return;
                    }
                    continue;
                }
                n = ch.read(in);
            } catch (IOException e) {
                failOldestPending(Failures.classify(e));
                return;
            }
            if (n <= 0) {
                return;
            }
            in.flip();
            long seq = Payload.seqOf(in, id, size);
            if (seq >= 0) {
                ring.finish(seq, Outcome.OK, System.nanoTime());
            }
        }
    }

    private void failOldestPending(Outcome o) {
        long now = System.nanoTime();
        for (long s = oldest; s < ring.next(); s++) {
            if (ring.outcome(s) == Outcome.PENDING) {
                ring.finish(s, o, now);
                break;
            }
        }
        reconnect(now);
    }

    private void reconnect(long now) {
        if (now - lastReconnect < RECONNECT_GAP) {
            return;
        }
        lastReconnect = now;
        try {
            if (ch.isConnected()) {
                ch.disconnect();
            }
            ch.connect(dst);
        } catch (IOException e) {
            // not connected now: the next send retries and records the failure
        }
    }

    Flow flow() {
        return flow;
    }
}
