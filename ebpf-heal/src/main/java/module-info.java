/**
 * Self-healing on the ebpf4j hooks: the MAPE-K loop, online detectors, the telemetry graph with fault
 * localisation, guarded plans, recovery actions and the knowledge store.
 */
module io.ebpf4j.heal {
    requires transitive io.ebpf4j.hooks;
    requires org.slf4j;
    // GraphExport and DecisionJournal return Jackson ObjectNodes
    requires transitive com.fasterxml.jackson.databind;
    requires io.prometheus.metrics.core;

    exports io.ebpf4j.heal.act;
    exports io.ebpf4j.heal.detect;
    exports io.ebpf4j.heal.graph;
    exports io.ebpf4j.heal.knowledge;
    exports io.ebpf4j.heal.learn;
    exports io.ebpf4j.heal.loop;
    exports io.ebpf4j.heal.plan;
}
