package io.ebpf4j.heal.experiment.traffic;

import io.ebpf4j.heal.experiment.ServiceControl;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The experiment's application: in every node a UDP echo server on {@code 0.0.0.0:7001} and a TCP
 * echo server on {@code 0.0.0.0:7002}, their sockets opened inside the node's network namespace.
 * {@link #kill(int)} closes a node's sockets (TCP connects are then refused with a RST, UDP requests
 * answered with ICMP port unreachable), {@link #restart(int)} opens them again.
 *
 * <p>Served by virtual threads (one per listening socket and per open TCP connection), so idle
 * services cost nothing. Every server starts in the constructor.
 */
public final class EchoServices implements ServiceControl, AutoCloseable {
    /** The UDP echo port. */
    public static final int UDP_PORT = 7001;
    /** The TCP echo port. */
    public static final int TCP_PORT = 7002;

    private final List<EchoNode> nodes = new ArrayList<>();

    /** Starts the services of node i in namespace {@code namespaces.get(i)}, on the default ports. */
    public EchoServices(List<String> namespaces) {
        this(namespaces, UDP_PORT, TCP_PORT);
    }

    /** Starts the services on the given ports (for tests that share a namespace). */
    public EchoServices(List<String> namespaces, int udpPort, int tcpPort) {
        this(namespaces, udpPort, tcpPort, List.of());
    }

    /**
     * Starts the services on the given ports; node i's UDP echo also gets a socket bound to each of
     * {@code serviceAddresses.get(i)} (e.g. the VIPs it serves), so replies to requests for those
     * addresses come from them (an empty list, or fewer entries than nodes: wildcard only).
     */
    public EchoServices(List<String> namespaces, int udpPort, int tcpPort, List<List<InetAddress>> serviceAddresses) {
        if (namespaces.isEmpty()) {
            throw new IllegalArgumentException("no namespaces: echo services need at least one node");
        }
        for (int i = 0; i < namespaces.size(); i++) {
            nodes.add(new EchoNode(namespaces.get(i), udpPort, tcpPort,
                    i < serviceAddresses.size() ? serviceAddresses.get(i) : List.of()));
        }
        try {
            nodes.forEach(EchoNode::start);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private EchoNode node(int node) {
        if (node < 0 || node >= nodes.size()) {
            throw new IllegalArgumentException("no node " + node + ": the services run on nodes 0.." + (nodes.size() - 1));
        }
        return nodes.get(node);
    }

    /** Number of nodes. */
    public int size() {
        return nodes.size();
    }

    @Override
    public void kill(int node) {
        node(node).stop();
    }

    @Override
    public void restart(int node) {
        node(node).start();
    }

    /** True while node {@code node}'s service is up. */
    public boolean running(int node) {
        return node(node).running();
    }

    /** UDP datagrams node {@code node} has echoed so far. */
    public long udpEchoes(int node) {
        return node(node).udpEchoes();
    }

    /** TCP connections node {@code node} has accepted so far. */
    public long tcpConnections(int node) {
        return node(node).tcpConnections();
    }

    /** Stops every service; idempotent. */
    @Override
    public void close() {
        nodes.forEach(EchoNode::stop);
    }
}
