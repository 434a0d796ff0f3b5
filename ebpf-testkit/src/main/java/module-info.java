/**
 * The ebpf4j test kit, for tests only: {@code @RequiresKernel} and its JUnit extension, network-namespace
 * topologies, the command runner, bpftool/promtool helpers and a Prometheus server. In no library jar.
 */
module io.ebpf4j.testkit {
    requires transitive io.ebpf4j.core;
    // @RequiresKernel carries @ExtendWith; the extension implements JUnit's callbacks
    requires transitive org.junit.jupiter.api;
    requires org.junit.platform.commons;
    // Bpftool.json returns a JsonNode
    requires transitive com.fasterxml.jackson.databind;
    requires java.net.http;
    requires org.slf4j;

    exports io.ebpf4j.testkit;
    exports io.ebpf4j.testkit.netns;
}
