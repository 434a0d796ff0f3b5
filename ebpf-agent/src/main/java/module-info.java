/**
 * The ebpf4j agent: one process per mesh node that runs the hooks and the self-healing loop from a
 * configuration file ({@code io.ebpf4j.agent.config}) and shares its view with the other nodes.
 */
module io.ebpf4j.agent {
    requires transitive io.ebpf4j.heal;
    requires transitive io.ebpf4j.hooks;
    requires transitive io.ebpf4j.core;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    // a YAML syntax error's text comes from SnakeYAML's own exception
    requires org.yaml.snakeyaml;
    requires org.slf4j;
    // sun.misc.Signal: SIGHUP reloads the configuration
    requires jdk.unsupported;

    // the gossip library (scalecube-cluster, Reactor, Netty) is on the class path: its jars split
    // packages, so they cannot be modules; the compiler reads it with --add-reads (pom.xml)

    exports io.ebpf4j.agent;
    exports io.ebpf4j.agent.config;
    exports io.ebpf4j.agent.gossip;
    exports io.ebpf4j.agent.run;
    // Jackson binds the configuration records reflectively
    opens io.ebpf4j.agent.config to com.fasterxml.jackson.databind;
}
