package dev.estimator.engine;

/**
 * What one iteration ended with: the training objective (mean loss plus penalty) and the norm of its
 * gradient at the parameters after the iteration's update(s), the validation loss (mean loss, no
 * penalty; NaN without validation rows), the learning rate used, and the training time so far.
 */
public record IterationRecord(int iteration, double loss, double validationLoss, double gradientNorm,
        double learningRate, long elapsedNanos) implements java.io.Serializable {

    public boolean hasValidationLoss() {
        return !Double.isNaN(validationLoss);
    }
}
