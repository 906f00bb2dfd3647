package dev.estimator.dataset;

import java.util.List;

/**
 * A preview of a dataset's rows: column names, and per row one cell per column (a number, a categorical
 * value's level, or null when missing).
 */
record DatasetRows(List<String> columns, List<List<Object>> rows) {
}
