package dev.estimator.engine;

/** Every row has a missing value in a used column (or in the target), so the missing-value policy leaves none. */
public final class NoRowsLeftException extends DesignException {

    public NoRowsLeftException(String message) {
        super(message);
    }
}
