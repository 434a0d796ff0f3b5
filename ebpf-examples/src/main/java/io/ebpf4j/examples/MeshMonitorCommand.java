package io.ebpf4j.examples;

import io.ebpf4j.hooks.alert.AlertEngine;
import io.ebpf4j.hooks.identity.SpiffeId;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.metrics.MergedCollector;
import io.ebpf4j.hooks.metrics.MeshTelemetry;
import io.ebpf4j.hooks.metrics.MetricsServer;
import io.ebpf4j.hooks.metrics.ProcNetCollector;
import io.ebpf4j.hooks.metrics.TelemetryState;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mesh-monitor}: the mesh filter and its telemetry, live. With {@code -i} it attaches to the
 * given interfaces (degraded to /proc counters when eBPF cannot run, saying why); without, it runs
 * the embedded three-node demo ({@link DemoRun}), whose {@code /metrics} serves all three nodes' filters
 * told apart by the label {@code node} (the node's SPIFFE ID). Either way it serves {@code /metrics},
 * prints alerts as they fire ({@link AlertPrinter}) and a per-peer table every interval until Ctrl-C
 * or {@code --duration}, then removes everything it created.
 */
@Command(name = "mesh-monitor", mixinStandardHelpOptions = true,
        description = {"Attach the mesh filter, serve Prometheus /metrics and print a live per-peer table.",
            "Without -i: runs a 3-node demo mesh in network namespaces (needs root) and removes it on exit."})
public final class MeshMonitorCommand implements Callable<Integer> {
    @Option(names = {"-i", "--interface"}, paramLabel = "IFNAME", description = "Interface to attach to (repeatable).")
    List<String> interfaces = new ArrayList<>();

    @Option(names = "--peer", paramLabel = "SPIFFE_ID=CIDR[,CIDR...]",
            description = "A peer identity and its address prefixes (repeatable; with -i).")
    List<String> peers = new ArrayList<>();

    @Option(names = "--port", defaultValue = "9464", description = "Port of /metrics (0: any free port; default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address /metrics listens on (default ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--interval", defaultValue = "1s", converter = DurationConverter.class,
            description = "Table refresh interval (default ${DEFAULT-VALUE}).")
    Duration interval;

    @Option(names = "--duration", converter = DurationConverter.class,
            description = "Stop after this long (e.g. 30s); default: until Ctrl-C.")
    Duration duration;

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();
    private boolean closed;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        for (String ifname : interfaces) {
            if (ifname.isBlank() || ifname.contains("/") || !Files.exists(Path.of("/sys/class/net", ifname))) {
                System.err.println("mesh-monitor: no network interface '" + ifname + "' (see `ip link`)");
                return 2;
            }
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(bind);
        } catch (UnknownHostException e) {
            System.err.println("mesh-monitor: cannot resolve --bind '" + bind + "'");
            return 2;
        }
        Thread hook = new Thread(this::closeAll, "mesh-monitor-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return interfaces.isEmpty() ? demo(out, address) : attached(out, address);
        } catch (IllegalArgumentException e) {
            System.err.println("mesh-monitor: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("mesh-monitor: failed: " + e.getMessage());
            if (interfaces.isEmpty()) {
                System.err.println("mesh-monitor: the demo needs root (it creates network namespaces and loads XDP"
                        + " programs); without root, monitor an interface in degraded mode: mesh-monitor -i lo");
            }
            return 1;
        } finally {
            closeAll();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException ignored) {
                // shutting down: the hook runs closeAll too
            }
        }
    }

    private int attached(PrintStream out, InetAddress address) {
        MeshFilter.Builder mb = MeshFilter.builder().attach(interfaces.toArray(String[]::new));
        MeshTelemetry t = own(MeshTelemetry.builder().mesh(mb).build());
        t.mesh().ifPresent(f -> peers.forEach(p -> register(f, p)));
        report(out, "", t.state());
        AlertEngine alerts = AlertPrinter.forTelemetry(out, t);
        if (alerts != null) {
            own(alerts);
        }
        out.println(AlertPrinter.RULES);
        MetricsServer server = own(MetricsServer.start(t.registry(), address, port));
        out.printf("metrics: %s%n", server.uri());
        loop(out, () -> t.mesh().ifPresentOrElse(f -> out.print(PeerTable.rows("local", f.stats())),
                () -> out.println("(degraded: no per-peer counters; /metrics serves /proc counters)")), null);
        return 0;
    }

    private static void register(MeshFilter f, String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--peer wants SPIFFE_ID=CIDR[,CIDR...], not '" + spec + "'");
        }
        SpiffeId id = SpiffeId.parse(spec.substring(0, eq));
        f.identities().register(id, spec.substring(eq + 1).split(","));
    }

    private int demo(PrintStream out, InetAddress address) {
        out.println("mesh-monitor: no interface given, running the 3-node demo mesh");
        DemoRun demo;
        synchronized (this) {
            demo = own(DemoRun.start(Duration.ofMillis(100)));
        }
        for (int n = 0; n < DemoRun.NODES; n++) {
            int node = n;
            out.printf("node %d: %s netns %s interfaces %s%n", node + 1, DemoRun.id(node), demo.mesh().netns(node),
                    demo.mesh().endpoints(node).stream().map(e -> e.ifname() + " " + e.ipv4()).toList());
        }
        List<MultiCollector> parts = new ArrayList<>();
        for (int n = 0; n < DemoRun.NODES; n++) { // one telemetry per node, told apart by node="<its SPIFFE ID>"
            MeshFilter f = demo.filters().get(n);
            MeshTelemetry t = own(MeshTelemetry.builder().syscallLatency(false).netEvents(false).procNet(false).mesh(f)
                    .constLabel("node", DemoRun.id(n).toString()).build());
            report(out, "node " + (n + 1) + " ", t.state());
            parts.add(t.collector());
            own(AlertPrinter.forNode(out, "node/" + (n + 1), f));
        }
        parts.add(new ProcNetCollector()); // this process's namespace (the host's), once, without a node label
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new MergedCollector(parts));
        MetricsServer server = own(MetricsServer.start(registry, address, port));
        out.printf("metrics: %s (all %d nodes; label node=\"<the node's SPIFFE ID>\")%n", server.uri(), DemoRun.NODES);
        out.println(AlertPrinter.RULES);
        loop(out, () -> {
            List<MeshFilter> fs = demo.filters();
            for (int n = 0; n < fs.size(); n++) {
                out.print(PeerTable.rows("node/" + (n + 1), fs.get(n).stats()));
            }
        }, demo::tick);
        return 0;
    }

    private static void report(PrintStream out, String prefix, TelemetryState s) {
        out.printf("%smode: %s%s%n", prefix, s.mode(), s.reason().isEmpty() ? "" : " (" + s.reason() + ")");
    }

    private void loop(PrintStream out, Runnable table, Runnable traffic) {
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        long trafficEvery = 200_000_000L;
        long nextTable = System.nanoTime() + interval.toNanos();
        while (System.nanoTime() < end && !isClosed()) {
            if (traffic != null) {
                traffic.run();
            }
            if (System.nanoTime() >= nextTable) {
                out.print(PeerTable.header());
                table.run();
                out.println();
                out.flush();
                nextTable += interval.toNanos();
            }
            long sleep = Math.min(trafficEvery, Math.max(0, Math.min(end, nextTable) - System.nanoTime()));
            try {
                Thread.sleep(Duration.ofNanos(Math.max(sleep, 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private synchronized <T extends AutoCloseable> T own(T t) {
        if (closed) {
            try {
                t.close();
            } catch (Exception ignored) {
                // shutting down
            }
            throw new IllegalStateException("interrupted by shutdown");
        }
        owned.push(t);
        return t;
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    private synchronized void closeAll() {
        closed = true;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                System.err.println("mesh-monitor: cleanup: " + e);
            }
        }
    }
}
