package io.ebpf4j.heal.experiment.traffic;

import io.ebpf4j.netns.NetNs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The echo service of one node: a UDP and a TCP listening socket opened in its namespace, each served
 * by a virtual thread (one more per TCP connection). {@link #stop()} closes every socket of the
 * service, accepted connections included, as a crashed process would.
 */
final class EchoNode {
    private static final Logger LOG = LoggerFactory.getLogger(EchoNode.class);

    private final String netns;
    private final int udpPort;
    private final int tcpPort;
    private final AtomicLong udpEchoes = new AtomicLong();
    private final AtomicLong tcpConnections = new AtomicLong();
    private final List<InetAddress> udpAddresses;
    private List<DatagramChannel> udp;
    private ServerSocketChannel tcp;
    private final Set<SocketChannel> connections = new HashSet<>();

    /**
     * @param udpAddresses local addresses that get a UDP socket of their own besides the wildcard one:
     *                     a reply then leaves from the address the request went to (a wildcard socket
     *                     answers from the outgoing interface's address, which a client connected to
     *                     a service address such as a VIP would drop)
     */
    EchoNode(String netns, int udpPort, int tcpPort, List<InetAddress> udpAddresses) {
        this.netns = netns;
        this.udpAddresses = List.copyOf(udpAddresses);
        this.udpPort = udpPort;
        this.tcpPort = tcpPort;
    }

    synchronized boolean running() {
        return udp != null;
    }

    long udpEchoes() {
        return udpEchoes.get();
    }

    long tcpConnections() {
        return tcpConnections.get();
    }

    /** Opens and serves the sockets unless they already are. */
    synchronized void start() {
        if (udp != null) {
            return;
        }
        List<java.io.Closeable> socks = NetNs.run(netns, () -> {
            InetAddress any = InetAddress.getByAddress(new byte[4]);
            List<java.io.Closeable> open = new ArrayList<>();
            try {
                List<InetAddress> binds = new ArrayList<>(udpAddresses);
                binds.add(any);
                for (InetAddress a : binds) {
                    DatagramChannel u = DatagramChannel.open(StandardProtocolFamily.INET);
                    open.add(u);
                    u.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                    u.bind(new InetSocketAddress(a, udpPort));
                }
                ServerSocketChannel t = ServerSocketChannel.open(StandardProtocolFamily.INET);
                open.add(t);
                t.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                t.bind(new InetSocketAddress(any, tcpPort), 512);
                return open;
            } catch (IOException | RuntimeException e) {
                open.forEach(EchoNode::quietClose);
                throw e;
            }
        });
        List<DatagramChannel> us = new ArrayList<>();
        for (int i = 0; i + 1 < socks.size(); i++) {
            us.add((DatagramChannel) socks.get(i));
        }
        ServerSocketChannel t = (ServerSocketChannel) socks.get(socks.size() - 1);
        udp = us;
        tcp = t;
        for (DatagramChannel u : us) {
            Thread.ofVirtual().name("echo-udp-" + netns).start(() -> serveUdp(u));
        }
        Thread.ofVirtual().name("echo-tcp-" + netns).start(() -> acceptTcp(t));
    }

    /** Closes every socket of the service; idempotent. */
    synchronized void stop() {
        if (udp == null) {
            return;
        }
        udp.forEach(EchoNode::quietClose);
        quietClose(tcp);
        for (SocketChannel c : connections) {
            quietClose(c);
        }
        connections.clear();
        udp = null;
        tcp = null;
    }

    private void serveUdp(DatagramChannel u) {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (u.isOpen()) {
            try {
                buf.clear();
                SocketAddress from = u.receive(buf);
                buf.flip();
                u.send(buf, from);
                udpEchoes.incrementAndGet();
            } catch (IOException e) {
                if (u.isOpen()) {
                    LOG.debug("UDP echo in {}: {}", netns, e.toString());
                }
            }
        }
    }

    private void acceptTcp(ServerSocketChannel t) {
        while (t.isOpen()) {
            SocketChannel c;
            try {
                c = t.accept();
            } catch (IOException e) {
                if (t.isOpen()) {
                    LOG.debug("TCP accept in {}: {}", netns, e.toString());
                }
                continue;
            }
            synchronized (this) {
                if (tcp != t) {
                    quietClose(c); // killed while accepting
                    return;
                }
                connections.add(c);
            }
            tcpConnections.incrementAndGet();
            Thread.ofVirtual().name("echo-conn-" + netns).start(() -> echo(c));
        }
    }

    private void echo(SocketChannel c) {
        ByteBuffer buf = ByteBuffer.allocate(1024);
        try (c) {
            while (c.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    c.write(buf);
                }
                buf.clear();
            }
        } catch (IOException e) {
            LOG.trace("TCP echo in {}: {}", netns, e.toString());
        } finally {
            synchronized (this) {
                connections.remove(c);
            }
        }
    }

    private static void quietClose(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.debug("closing echo socket: {}", e.toString());
        }
    }
}
