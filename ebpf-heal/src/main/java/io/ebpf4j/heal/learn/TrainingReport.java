package io.ebpf4j.heal.learn;

import java.util.Map;

/**
 * What a training did: the epochs run, the best one (whose weights were kept), the losses and the
 * validation scores (also in the model's {@link Provenance}).
 *
 * @param epochs         epochs run
 * @param bestEpoch      the epoch with the lowest validation loss (1-based)
 * @param trainLoss      the training loss of the best epoch
 * @param validationLoss the best validation loss
 * @param validation     validation scores by name (see {@link Trainer})
 */
public record TrainingReport(int epochs, int bestEpoch, double trainLoss, double validationLoss,
        Map<String, Double> validation) {
    public TrainingReport {
        validation = Map.copyOf(validation);
    }
}
