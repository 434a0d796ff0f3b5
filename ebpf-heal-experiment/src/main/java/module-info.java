/**
 * The fault-injection experiment that measures ebpf4j's self-healing on a namespace mesh (mesh,
 * services and traffic, faults, recovery scoring, reports). Not a library: the CLI's
 * {@code self-heal-demo} runs it.
 */
module io.ebpf4j.heal.experiment {
    requires transitive io.ebpf4j.heal;
    requires io.ebpf4j.nativeobjects;
    // the mesh is built with the test kit's namespace topologies and command runner (HealMesh shows DemoMesh)
    requires transitive io.ebpf4j.testkit;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;

    exports io.ebpf4j.heal.experiment;
    exports io.ebpf4j.heal.experiment.agents;
    exports io.ebpf4j.heal.experiment.fault;
    exports io.ebpf4j.heal.experiment.mesh;
    exports io.ebpf4j.heal.experiment.report;
    exports io.ebpf4j.heal.experiment.run;
    exports io.ebpf4j.heal.experiment.score;
    exports io.ebpf4j.heal.experiment.traffic;

    // ResultJson binds ExperimentResult (records) with Jackson
    opens io.ebpf4j.heal.experiment.report to com.fasterxml.jackson.databind;
}
