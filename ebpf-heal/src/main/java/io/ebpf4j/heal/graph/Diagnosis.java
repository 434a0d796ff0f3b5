package io.ebpf4j.heal.graph;

import java.util.List;

/**
 * What fault localisation concluded from a telemetry graph: which component is sick.
 * {@link #subject()} is the stable key the planner, journal and scoring use.
 */
public sealed interface Diagnosis {
    /** {@code "link:a-b"} (a &lt; b), {@code "node:j"} or {@code "service:j"}. */
    String subject();

    /** The anomalous edges (and node) that support the diagnosis, for the journal. */
    List<EdgeFeatures> evidence();

    /** The strongest anomaly score among the evidence. */
    double score();

    /** The link between {@code a} and {@code b} is sick (one sick edge pair, both nodes otherwise healthy). */
    record LinkFault(int a, int b, List<EdgeFeatures> evidence, double score) implements Diagnosis {
        public LinkFault {
            if (a == b) {
                throw new IllegalArgumentException("a link joins two different nodes, not " + a + " and itself");
            }
            if (a > b) {
                int t = a;
                a = b;
                b = t;
            }
            evidence = List.copyOf(evidence);
        }

        @Override
        public String subject() {
            return "link:" + a + "-" + b;
        }
    }

    /** Node {@code node} is sick: all (or nearly all) of its edges are. */
    record NodeFault(int node, List<EdgeFeatures> evidence, double score) implements Diagnosis {
        public NodeFault {
            evidence = List.copyOf(evidence);
        }

        @Override
        public String subject() {
            return "node:" + node;
        }
    }

    /** The links to {@code node} are healthy but its service refuses or resets connections. */
    record ServiceFault(int node, List<EdgeFeatures> evidence, double score) implements Diagnosis {
        public ServiceFault {
            evidence = List.copyOf(evidence);
        }

        @Override
        public String subject() {
            return "service:" + node;
        }
    }
}
