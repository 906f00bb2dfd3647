package dev.estimator.dataset;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the first pass learns about one column: missing count, whether every present value is a finite
 * number, running statistics while it is (Welford's online mean and variance, numerically stable in one
 * pass), and its distinct values up to one more than the level limit (enough to know the levels, or that
 * there are too many, in bounded memory).
 */
final class ColumnProfile {

    private final int index;
    private final String name;
    private final int maxLevels;
    private boolean numeric;
    private long missing;
    private long present;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;
    private Set<String> distinct = new HashSet<>();
    private long overflowLine;

    ColumnProfile(int index, String name, boolean forceCategorical, int maxLevels) {
        this.index = index;
        this.name = name;
        this.maxLevels = maxLevels;
        this.numeric = !forceCategorical;
    }

    void accept(char[] buf, int off, int len, long line) {
        if (Cells.isMissing(buf, off, len)) {
            missing++;
            return;
        }
        present++;
        if (numeric) {
            double v = Cells.parseFinite(buf, off, len);
            if (Double.isNaN(v)) {
                numeric = false;
                if (distinct == null) {
                    throw tooManyLevels();
                }
            } else {
                addStatistic(v);
            }
        }
        // A numeric column still tracks its distinct strings: a later value may make it categorical.
        if (distinct != null && distinct.add(new String(buf, off, len)) && distinct.size() > maxLevels) {
            distinct = null;
            overflowLine = line;
            if (!numeric) {
                throw tooManyLevels();
            }
        }
    }

    private void addStatistic(double v) {
        if (v < min) {
            min = v;
        }
        if (v > max) {
            max = v;
        }
        double delta = v - mean;
        mean += delta / present;
        m2 += delta * (v - mean);
    }

    private RuntimeException tooManyLevels() {
        return CsvProblems.tooManyLevels(name, index, maxLevels, overflowLine);
    }

    String name() {
        return name;
    }

    /** The column's metadata once every row was seen. */
    DatasetColumn summary() {
        if (numeric) {
            boolean any = present > 0;
            return DatasetColumn.numeric(index, name, missing,
                    any ? min : null, any ? max : null, any ? mean : null,
                    present > 1 ? Math.sqrt(m2 / (present - 1)) : null);
        }
        List<String> levels = new ArrayList<>(distinct);
        levels.sort(null);
        return DatasetColumn.categorical(index, name, missing, levels);
    }
}
