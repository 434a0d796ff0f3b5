package io.ebpf4j.heal.experiment.traffic;

import io.ebpf4j.netns.NetNs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiment's application load: for every {@link Flow} a UDP echo request every
 * {@link TrafficConfig#udpInterval()} and a TCP connect-send-echo-close exchange every
 * {@link TrafficConfig#tcpInterval()}, from client sockets created in the source node's namespace.
 * Every request's outcome goes into a bounded per-flow log ({@link #log()}), kept for
 * {@link TrafficConfig#retention()}.
 *
 * <p>One platform thread drives every flow with nonblocking sockets and one selector; one more
 * thread per source namespace keeps a small stock of fresh TCP sockets. No thread is created per
 * request. A flow that falls behind skips requests rather than bursting.
 *
 * <pre>{@code
 * try (TrafficGenerator g = new TrafficGenerator(mesh.namespaces(), List.of(new Flow("0->1", 0, addr)))) {
 *     g.start();
 *     ...
 *     TrafficLog log = g.log();
 * }
 * }</pre>
 */
public final class TrafficGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TrafficGenerator.class);
    private static final int SOCKET_STOCK = 16;

    private final List<String> namespaces;
    private final List<Flow> flows;
    private final TrafficConfig cfg;
    private final List<UdpFlow> udp = new ArrayList<>();
    private final List<TcpFlow> tcp = new ArrayList<>();
    private final Map<Integer, NamespaceSockets> stocks = new HashMap<>();
    private final List<DatagramChannel> channels = new ArrayList<>();
    private Selector selector;
    private Thread scheduler;
    private volatile boolean stopping;
    private boolean closed;

    /** Flows over the default pacing; node i of a flow is namespace {@code namespaces.get(i)}. */
    public TrafficGenerator(List<String> namespaces, List<Flow> flows) {
        this(namespaces, flows, TrafficConfig.DEFAULTS);
    }

    /** Flows over the given pacing. */
    public TrafficGenerator(List<String> namespaces, List<Flow> flows, TrafficConfig cfg) {
        this.namespaces = List.copyOf(namespaces);
        this.flows = List.copyOf(flows);
        this.cfg = cfg;
        if (this.flows.stream().map(Flow::label).distinct().count() != this.flows.size()) {
            throw new IllegalArgumentException("flow labels must be unique: " + this.flows);
        }
        for (Flow f : this.flows) {
            if (f.srcNode() >= this.namespaces.size()) {
                throw new IllegalArgumentException("flow " + f.label() + " starts at node " + f.srcNode() + " but there are only "
                        + this.namespaces.size() + " namespaces");
            }
        }
    }

    /** The flows, in the order given. */
    public List<Flow> flows() {
        return flows;
    }

    /** The pacing. */
    public TrafficConfig config() {
        return cfg;
    }

    /**
     * Opens the client sockets in their namespaces and starts sending (the first requests of every
     * flow go out together, right away).
     *
     * @throws IllegalStateException when already started or closed
     */
    public synchronized void start() {
        if (scheduler != null || closed) {
            throw new IllegalStateException(closed ? "traffic generator closed" : "traffic generator already started");
        }
        try {
            selector = Selector.open();
            for (Flow f : flows) {
                stocks.computeIfAbsent(f.srcNode(), n -> new NamespaceSockets(namespaces.get(n), SOCKET_STOCK));
            }
            for (NamespaceSockets s : stocks.values()) {
                if (!s.awaitStock(TimeUnit.SECONDS.toNanos(5))) {
                    throw new IllegalStateException("no TCP client sockets could be made in namespace " + s.netns());
                }
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < flows.size(); i++) {
                Flow f = flows.get(i);
                DatagramChannel ch = NetNs.run(namespaces.get(f.srcNode()), () -> DatagramChannel.open(StandardProtocolFamily.INET));
                channels.add(ch);
                UdpFlow u = new UdpFlow(f, i, ch, cfg, t0);
                u.register(selector);
                udp.add(u);
                tcp.add(new TcpFlow(f, i, stocks.get(f.srcNode()), cfg, t0));
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("starting traffic", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while starting traffic", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        scheduler = Thread.ofPlatform().daemon().name("traffic-scheduler").start(this::run);
        LOG.info("traffic: {} flows, UDP every {} ms, TCP every {} ms", flows.size(), cfg.udpInterval().toMillis(),
                cfg.tcpInterval().toMillis());
    }

    private void run() {
        try {
            while (!stopping) {
                long now = System.nanoTime();
                long due = Long.MAX_VALUE;
                for (UdpFlow u : udp) {
                    due = Math.min(due, u.tick(now));
                }
                for (TcpFlow t : tcp) {
                    due = Math.min(due, t.tick(now, selector));
                }
                long waitMs = Math.max(1, (due - System.nanoTime() + 999_999) / 1_000_000);
                selector.select(waitMs);
                for (SelectionKey k : selector.selectedKeys()) {
                    if (!k.isValid()) {
                        continue;
                    }
                    ((Ready) k.attachment()).onReady(k);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("traffic scheduler stopped", e);
        } finally {
            tcp.forEach(TcpFlow::abandon);
        }
    }

    /** A snapshot of every flow's requests (UDP then TCP series, in flow order); callable any time. */
    public TrafficLog log() {
        List<FlowSeries> out = new ArrayList<>();
        synchronized (this) {
            udp.forEach(u -> out.add(u.ring().snapshot()));
            tcp.forEach(t -> out.add(t.ring().snapshot()));
        }
        return new TrafficLog(out);
    }

    /** Stops sending and closes every socket; the log stays readable. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopping = true;
        if (scheduler != null) {
            selector.wakeup();
            try {
                scheduler.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (DatagramChannel c : channels) {
            try {
                c.close();
            } catch (IOException e) {
                LOG.debug("closing UDP client: {}", e.toString());
            }
        }
        stocks.values().forEach(NamespaceSockets::close);
        if (selector != null) {
            try {
                selector.close();
            } catch (IOException e) {
                LOG.debug("closing selector: {}", e.toString());
            }
        }
    }
}
