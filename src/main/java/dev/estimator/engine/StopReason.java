package dev.estimator.engine;

/** Why training stopped. */
public enum StopReason {
    /** The relative change of the training loss fell below the tolerance. */
    TOLERANCE,
    MAX_ITERATIONS,
    /** The validation loss did not improve for {@code patience} iterations; the best parameters are kept. */
    EARLY_STOPPING,
    /** The run-time limit was reached; the parameters so far are kept. */
    TIME_LIMIT,
    /** The loss became non-finite or grew far above its start. */
    DIVERGED,
    /** The listener asked to stop. */
    CANCELLED;

    /** Whether the fit reached a solution it trusts. */
    public boolean converged() {
        return this == TOLERANCE || this == EARLY_STOPPING;
    }
}
