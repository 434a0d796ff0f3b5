package io.ebpf4j.heal.learn;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a trained model comes from, kept in its model file: the experiment runs it was trained on,
 * when, on how much data, with which hyper-parameters, and how it scored on its validation split.
 *
 * @param trainedAt            the wall-clock instant training finished (ISO-8601)
 * @param command              the training command line
 * @param runs                 the runs read
 * @param trainSnapshots       snapshots in the training split
 * @param validationSnapshots  snapshots in the validation split
 * @param hyperParameters      the training settings by name
 * @param validation           validation scores by name
 */
public record Provenance(String trainedAt, String command, List<Run> runs, int trainSnapshots, int validationSnapshots,
        Map<String, String> hyperParameters, Map<String, Double> validation) {
    public Provenance {
        Objects.requireNonNull(trainedAt, "trainedAt");
        Objects.requireNonNull(command, "command");
        runs = List.copyOf(runs);
        hyperParameters = Map.copyOf(hyperParameters);
        validation = Map.copyOf(validation);
    }

    /**
     * One experiment run read for training.
     *
     * @param source    its {@code graphs.jsonl} as given
     * @param seed      the run's fault-schedule seed ({@code results.json} beside it), or -1 when unknown
     * @param date      the run's start ({@code results.json}), or empty when unknown
     * @param snapshots the snapshots it holds
     */
    public record Run(String source, long seed, String date, int snapshots) {
        public Run {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(date, "date");
        }
    }

    /** No provenance (a model built in code). */
    public static Provenance none() {
        return new Provenance("", "", List.of(), 0, 0, Map.of(), Map.of());
    }
}
