/**
 * Ready mesh hooks on ebpf4j: the XDP identity filter with loss/RTT probes, syscall latency, network
 * events, Prometheus collectors and alert rules. {@code io.ebpf4j.hooks.internal} is not exported.
 */
module io.ebpf4j.hooks {
    requires transitive io.ebpf4j.core;
    requires io.ebpf4j.nativeobjects;
    requires org.slf4j;
    // collectors and MetricsServer take and return PrometheusRegistry / MultiCollector
    requires transitive io.prometheus.metrics.model;
    requires io.prometheus.metrics.exporter.httpserver;
    // Prometheus' HTTP server runs on the JDK's com.sun.net.httpserver; it is an automatic module and
    // cannot say so, so without this the module path would not resolve jdk.httpserver.
    requires jdk.httpserver;

    exports io.ebpf4j.hooks.alert;
    exports io.ebpf4j.hooks.identity;
    exports io.ebpf4j.hooks.mesh;
    exports io.ebpf4j.hooks.metrics;
    exports io.ebpf4j.hooks.netevents;
    exports io.ebpf4j.hooks.procfs;
    exports io.ebpf4j.hooks.syscall;
}
