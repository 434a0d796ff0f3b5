package io.ebpf4j.heal.experiment.traffic;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/**
 * The TCP half of one flow, driven by the generator's scheduler thread: every interval a fresh
 * nonblocking socket (from the source namespace's {@link NamespaceSockets}) connects, sends the
 * payload, reads the echo and closes; an exchange not done within the timeout is closed and failed.
 */
final class TcpFlow {
    private final Flow flow;
    private final int id;
    private final NamespaceSockets sockets;
    private final InetSocketAddress dst;
    private final RequestRing ring;
    private final long interval;
    private final long timeout;
    private final int size;
    private final ArrayDeque<Exchange> active = new ArrayDeque<>();
    private long nextSend;

    /** One connect-send-echo-close exchange. */
    private final class Exchange implements Ready {
        final long seq;
        final long sent;
        final SocketChannel ch;
        final ByteBuffer out = ByteBuffer.allocate(size);
        final ByteBuffer in = ByteBuffer.allocate(size);
        boolean done;

        Exchange(long seq, long sent, SocketChannel ch) {
            this.seq = seq;
            this.sent = sent;
            this.ch = ch;
            Payload.write(out, id, seq, size);
        }

        @Override
        public void onReady(SelectionKey key) {
            advance(this, key);
        }

        void finish(Outcome o, long now) {
            if (!done) {
                done = true;
                ring.finish(seq, o, now);
                try {
                    ch.close();
                } catch (IOException e) {
                    // closing a failed socket: nothing to do
                }
            }
        }
    }

    TcpFlow(Flow flow, int id, NamespaceSockets sockets, TrafficConfig cfg, long firstSend) {
        this.flow = flow;
        this.id = id;
        this.sockets = sockets;
        this.dst = new InetSocketAddress(flow.dst(), cfg.tcpPort());
        this.ring = new RequestRing(flow.label(), Proto.TCP, cfg.capacity(cfg.tcpInterval()));
        this.interval = cfg.tcpInterval().toNanos();
        this.timeout = cfg.tcpTimeout().toNanos();
        this.size = cfg.payloadBytes();
        this.nextSend = firstSend;
    }

    RequestRing ring() {
        return ring;
    }

    /** Fails expired exchanges and starts one when due; returns when this flow next needs the scheduler. */
    long tick(long now, Selector sel) {
        while (!active.isEmpty() && (active.peekFirst().done || active.peekFirst().sent + timeout <= now)) {
            active.pollFirst().finish(Outcome.TIMEOUT, now);
        }
        if (now >= nextSend) {
            start(now, sel);
            while (nextSend <= now) {
                nextSend += interval;
            }
        }
        return active.isEmpty() ? nextSend : Math.min(nextSend, active.peekFirst().sent + timeout);
    }

    private void start(long now, Selector sel) {
        long seq = ring.begin(now);
        SocketChannel ch = sockets.poll();
        if (ch == null) {
            ring.finish(seq, Outcome.ERROR, now); // the namespace's socket stock ran dry
            return;
        }
        Exchange x = new Exchange(seq, now, ch);
        active.addLast(x);
        try {
            ch.configureBlocking(false);
            if (ch.connect(dst)) {
                write(x, sel);
            } else {
                ch.register(sel, SelectionKey.OP_CONNECT, x);
            }
        } catch (IOException e) {
            x.finish(Failures.classify(e), System.nanoTime());
        }
    }

    private void write(Exchange x, Selector sel) throws IOException {
        x.ch.write(x.out);
        if (x.out.hasRemaining()) {
            x.ch.register(sel, SelectionKey.OP_WRITE, x);
        } else {
            x.ch.register(sel, SelectionKey.OP_READ, x);
        }
    }

    private void advance(Exchange x, SelectionKey key) {
        if (x.done) {
            return;
        }
        try {
            if (key.isConnectable()) {
                if (x.ch.finishConnect()) {
                    write(x, key.selector());
                }
            } else if (key.isWritable()) {
                write(x, key.selector());
            } else if (key.isReadable()) {
                if (x.ch.read(x.in) < 0) {
                    x.finish(Outcome.RESET, System.nanoTime()); // closed before the whole echo came back
                } else if (!x.in.hasRemaining()) {
                    x.in.flip();
                    x.finish(Payload.seqOf(x.in, id, size) == x.seq ? Outcome.OK : Outcome.ERROR, System.nanoTime());
                }
            }
        } catch (IOException e) {
            x.finish(Failures.classify(e), System.nanoTime());
        }
    }

    /** Closes every open exchange (at shutdown), leaving their requests pending. */
    void abandon() {
        for (Exchange x : active) {
            try {
                x.ch.close();
            } catch (IOException e) {
                // shutting down
            }
        }
        active.clear();
    }

    Flow flow() {
        return flow;
    }
}
