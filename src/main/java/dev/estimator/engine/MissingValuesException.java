package dev.estimator.engine;

/** A used column has a missing value and the policy is {@link MissingPolicy#ERROR}. */
public final class MissingValuesException extends DesignException {

    private final String column;
    private final long row;

    /** @param row 0-based index of the first data row with a missing value in that column */
    public MissingValuesException(String column, long row) {
        super("column '" + column + "' has a missing value in data row " + (row + 1)
                + " (line " + (row + 2) + " of a file with a header); use missing=skip or impute_mean");
        this.column = column;
        this.row = row;
    }

    public String column() {
        return column;
    }

    public long row() {
        return row;
    }
}
