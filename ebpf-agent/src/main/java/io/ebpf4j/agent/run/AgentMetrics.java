package io.ebpf4j.agent.run;

import io.ebpf4j.agent.MetricsAuthPlan;
import io.ebpf4j.hooks.mesh.MeshFilter;
import io.ebpf4j.hooks.metrics.HookInfoCollector;
import io.ebpf4j.hooks.metrics.MergedCollector;
import io.ebpf4j.hooks.metrics.MeshCollector;
import io.ebpf4j.hooks.metrics.MetricsServer;
import io.ebpf4j.hooks.metrics.MetricsTls;
import io.ebpf4j.hooks.metrics.NetEventsCollector;
import io.ebpf4j.hooks.metrics.ProcNetCollector;
import io.ebpf4j.hooks.metrics.SyscallCollector;
import io.ebpf4j.hooks.metrics.TelemetryState;
import io.ebpf4j.hooks.netevents.NetEvents;
import io.ebpf4j.hooks.syscall.SyscallLatency;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * The agent's {@code /metrics}: the filter's per-peer counters, the running hooks' families, the
 * kernel's /proc counters of this namespace and {@code ebpf4j_hook_info} (each hook running or
 * skipped, and why), as {@code ebpf4j mesh-monitor} serves them, and the heal loop's
 * {@code ebpf4j_heal_*}, on the configured address.
 */
final class AgentMetrics implements AutoCloseable {
    private final MetricsServer server;

    private AgentMetrics(MetricsServer server) {
        this.server = server;
    }

    /** Serves {@code registry} (the heal loop registers its metrics there too) with the hooks' families added. */
    static AgentMetrics start(InetSocketAddress listen, MetricsAuthPlan auth, PrometheusRegistry registry, MeshFilter filter,
            SyscallLatency syscalls, NetEvents net, Supplier<TelemetryState> state) {
        List<MultiCollector> parts = new ArrayList<>();
        parts.add(new MeshCollector(filter));
        if (syscalls != null) {
            parts.add(new SyscallCollector(syscalls));
        }
        if (net != null) {
            parts.add(new NetEventsCollector(net));
        }
        parts.add(new ProcNetCollector());
        parts.add(new HookInfoCollector(state));
        registry.register(new MergedCollector(parts));
        MetricsServer.Builder b = MetricsServer.builder(registry).address(listen.getAddress()).port(listen.getPort());
        protect(b, auth);
        try {
            return new AgentMetrics(b.start());
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new AgentStartException(List.of("metrics: " + e.getMessage() + " (" + cause + "); remedy: choose a free "
                    + "address and port in metrics.listen (port 0: any free port), or stop what listens there"), e);
        }
    }

    /** TLS and basic authentication from their files (read now; each password array wiped once handed over). */
    private static void protect(MetricsServer.Builder b, MetricsAuthPlan auth) {
        if (auth.tls()) {
            char[] password = null;
            try {
                password = MetricsTls.readSecret(auth.keyStorePasswordFile().orElseThrow());
                b.tls(MetricsTls.fromKeyStore(auth.keyStore().orElseThrow(), password));
            } catch (IllegalArgumentException e) {
                throw new AgentStartException(List.of("metrics.tls: " + e.getMessage()), e);
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
        if (auth.basicAuth()) {
            char[] password = null;
            try {
                password = MetricsTls.readSecret(auth.passwordFile().orElseThrow());
                b.basicAuth(auth.user().orElseThrow(), password);
            } catch (IllegalArgumentException e) {
                throw new AgentStartException(List.of("metrics.basicAuth: " + e.getMessage()), e);
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }
    }

    URI uri() {
        return server.uri();
    }

    @Override
    public void close() {
        server.close();
    }
}
