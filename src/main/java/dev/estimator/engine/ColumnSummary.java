package dev.estimator.engine;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * What one pass learns about a column, by the rules every dataset is typed by (an upload's profile and a Spark
 * profiling run alike): cells are read by {@link CellValues}; the missing ones are counted; the column is
 * numeric while every present cell is a finite number (unless it was declared categorical), with running
 * statistics (Welford's online mean and variance, numerically stable in one pass); its distinct cells are kept
 * up to one more than the level limit, enough to know the levels of a categorical column, or that it has too
 * many, in bounded memory. A numeric column keeps tracking them too: a later cell may make it categorical.
 * <p>
 * Summaries of consecutive pieces of a column {@link #merge merge} into the summary of the whole (Chan, Golub and
 * LeVeque 1979 for mean and variance): every count, extreme, type and level set is exactly what one pass would
 * give; mean and variance agree with one pass to rounding, and are reproducible when pieces are merged in a
 * fixed order. A summary is serializable so that pieces can travel from where the data is read.
 */
public final class ColumnSummary implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int maxLevels;
    private boolean numeric;
    private long missing;
    private long present;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double mean;
    private double m2;
    /** Distinct present cells; null once there were more than {@code maxLevels}. */
    private HashSet<String> distinct = new HashSet<>();

    public ColumnSummary(boolean forceCategorical, int maxLevels) {
        this.maxLevels = maxLevels;
        this.numeric = !forceCategorical;
    }

    /**
     * Adds one cell.
     *
     * @return false when the column is categorical and has more than the level limit of distinct values: the
     *         column cannot be typed (the summary is then no longer meaningful)
     */
    public boolean accept(char[] buf, int off, int len) {
        if (CellValues.isMissing(buf, off, len)) {
            missing++;
            return true;
        }
        present++;
        if (numeric) {
            double v = CellValues.parseFinite(buf, off, len);
            if (Double.isNaN(v)) {
                numeric = false;
                if (distinct == null) {
                    return false;
                }
            } else {
                addStatistic(v);
            }
        }
        if (distinct != null && distinct.add(new String(buf, off, len)) && distinct.size() > maxLevels) {
            distinct = null;
            return numeric;
        }
        return true;
    }

    /** {@link #accept(char[], int, int)} of a string; null is a missing cell. */
    public boolean accept(String cell) {
        if (cell == null) {
            missing++;
            return true;
        }
        return accept(cell.toCharArray(), 0, cell.length());
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

    /**
     * Adds the summary of the cells that follow this summary's (same column, same settings). Merging into an
     * empty summary copies the other exactly, so one piece gives one pass's numbers to the bit.
     *
     * @return false when the column is categorical with more than the level limit of distinct values
     */
    public boolean merge(ColumnSummary other) {
        boolean wasEmpty = present == 0;
        if (numeric && other.numeric && other.present > 0) {
            if (wasEmpty) {
                mean = other.mean;
                m2 = other.m2;
            } else {
                double n = (double) present + other.present;
                double delta = other.mean - mean;
                mean += delta * (other.present / n);
                m2 += other.m2 + delta * delta * ((double) present * other.present / n);
            }
            min = Math.min(min, other.min);
            max = Math.max(max, other.max);
        }
        numeric = numeric && other.numeric;
        missing += other.missing;
        present += other.present;
        if (distinct != null) {
            if (other.distinct == null) {
                distinct = null;
            } else {
                distinct.addAll(other.distinct);
                if (distinct.size() > maxLevels) {
                    distinct = null;
                }
            }
        }
        return numeric || distinct != null;
    }

    /** True once the distinct cells went over the level limit (harmless while the column stays numeric). */
    public boolean levelsOverflowed() {
        return distinct == null;
    }

    public boolean numeric() {
        return numeric;
    }

    public long missing() {
        return missing;
    }

    /** Smallest present value of a numeric column; null without one. */
    public Double min() {
        return numeric && present > 0 ? min : null;
    }

    public Double max() {
        return numeric && present > 0 ? max : null;
    }

    public Double mean() {
        return numeric && present > 0 ? mean : null;
    }

    /** Sample standard deviation (n − 1) of a numeric column; null with fewer than two present values. */
    public Double std() {
        return numeric && present > 1 ? Math.sqrt(m2 / (present - 1)) : null;
    }

    /** A categorical column's levels in {@link String#compareTo} order (a value's code is its index). */
    public List<String> levels() {
        if (numeric || distinct == null) {
            return List.of();
        }
        List<String> levels = new ArrayList<>(distinct);
        levels.sort(null);
        return levels;
    }
}
