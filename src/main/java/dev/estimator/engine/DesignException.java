package dev.estimator.engine;

/** The data cannot be turned into a design matrix for this spec (a deterministic, non-retryable failure). */
public class DesignException extends RuntimeException {

    public DesignException(String message) {
        super(message);
    }
}
