package dev.estimator.dataset;

import dev.estimator.engine.ColumnSummary;

/**
 * What the first pass of an upload learns about one column: the engine's {@link ColumnSummary} (the typing
 * rules a dataset by reference is profiled by too), plus the CSV line to blame when the column turns out to
 * have too many levels.
 */
final class ColumnProfile {

    private final int index;
    private final String name;
    private final int maxLevels;
    private final ColumnSummary summary;
    private long overflowLine;

    ColumnProfile(int index, String name, boolean forceCategorical, int maxLevels) {
        this.index = index;
        this.name = name;
        this.maxLevels = maxLevels;
        this.summary = new ColumnSummary(forceCategorical, maxLevels);
    }

    void accept(char[] buf, int off, int len, long line) {
        boolean typed = summary.accept(buf, off, len);
        if (overflowLine == 0 && summary.levelsOverflowed()) {
            // the first value over the limit, even if the column is still numeric: it is the one to blame
            // should a later value make the column categorical
            overflowLine = line;
        }
        if (!typed) {
            throw CsvProblems.tooManyLevels(name, index, maxLevels, overflowLine);
        }
    }

    String name() {
        return name;
    }

    /** The column's metadata once every row was seen. */
    DatasetColumn summary() {
        return DatasetColumn.of(index, name, summary);
    }
}
