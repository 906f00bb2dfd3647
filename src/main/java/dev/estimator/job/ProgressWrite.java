package dev.estimator.job;

import java.util.List;

/**
 * What a run writes of its progress: the loss rows not yet stored, the iterations completed, the losses after
 * the last of them, and the trainer's checkpoint after {@code iteration} iterations (null when the job ends).
 */
record ProgressWrite(List<LossPoint> points, int iteration, Double loss, Double validationLoss, byte[] checkpoint) {
}
