package dev.estimator.job;

import dev.estimator.engine.IterationRecord;

/** One iteration of the loss history, as stored and as shown. Non-finite values are shown as null. */
public record LossPoint(int iteration, double loss, Double validationLoss, Double gradientNorm, double learningRate,
        long elapsedMs) {

    static LossPoint of(IterationRecord r) {
        return new LossPoint(r.iteration(), r.loss(), finite(r.validationLoss()), finite(r.gradientNorm()),
                r.learningRate(), r.elapsedNanos() / 1_000_000L);
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
