package io.ebpf4j.heal.experiment.run;

/** How the experiment runs the nodes' healing. */
public enum ExperimentMode {
    /** Single-process: every node's loop in the orchestrator's JVM, sharing a Java object (tests). */
    THREADS("threads"),
    /** Multi-process: one {@code ebpf4j agent} process per node, in its namespace, sharing edges by gossip. */
    AGENTS("agents");

    private final String label;

    ExperimentMode(String label) {
        this.label = label;
    }

    /** {@code threads} or {@code agents}, as in {@code --mode} and the results. */
    public String label() {
        return label;
    }

    /** The mode named {@code label}. */
    public static ExperimentMode of(String label) {
        for (ExperimentMode m : values()) {
            if (m.label.equals(label)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown mode '" + label + "': expected threads or agents");
    }
}
