package dev.estimator.engine;

/** How a dataset column's values are interpreted. */
public enum ColumnType {
    /** Finite doubles; missing values are NaN. */
    NUMERIC,
    /** Level codes (0, 1, … as doubles) into the column's sorted level list; missing values are NaN. */
    CATEGORICAL
}
