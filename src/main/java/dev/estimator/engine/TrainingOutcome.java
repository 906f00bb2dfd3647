package dev.estimator.engine;

/**
 * How a run ended. {@code params} are in the design matrix's (standardized) space, coefficients then
 * intercept; after divergence they are the last parameters whose loss was finite.
 *
 * @param iterations     iterations completed (and reported to the listener)
 * @param divergedAt     the iteration at which the loss diverged, or -1
 */
public record TrainingOutcome(double[] params, StopReason stopReason, int iterations, int divergedAt,
        double lastLoss, long elapsedNanos) implements java.io.Serializable {
}
