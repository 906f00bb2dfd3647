package dev.estimator.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.estimator.dataset.Dataset;
import dev.estimator.dataset.DatasetColumn;
import dev.estimator.engine.ModelKind;

/**
 * The column half of spec validation: the target and features exist, the target is not a feature, and the
 * target suits the model as far as the column metadata tells (types, levels, min, max, mean and standard
 * deviation); anything the metadata cannot show (a value a hair away from 0 or 1 among millions of 0/1 targets)
 * the design matrix builder reports when the job runs, failing it at once with {@code INTERNAL} and a message naming the column.
 */
final class ColumnChecks {

    /** The engine keeps a job's design matrix in one double[]. */
    static final long MAX_DESIGN_VALUES = Integer.MAX_VALUE - 16;

    private final JobSpecValidator.Fields f;
    private final Dataset dataset;

    /** @param dataset null when the dataset itself is invalid: then only presence is checked */
    ColumnChecks(JobSpecValidator.Fields f, Dataset dataset) {
        this.f = f;
        this.dataset = dataset;
    }

    /**
     * @param weights null or the weights column
     * @param offset  null or the offset column
     * @param model   null when the model is invalid (then the target is not checked against it)
     * @return the features, defaulted to every column but the target, the weights and the offset
     */
    List<String> check(String target, List<String> features, String weights, String offset, ModelKind model) {
        boolean targetKnown = checkTarget(target, model);
        checkRowColumn("weights", weights, target, features);
        checkRowColumn("offset", offset, target, features);
        if (features == null) {
            if (dataset == null || !targetKnown) {
                return List.of();
            }
            List<String> all = new ArrayList<>(dataset.columnNames());
            all.remove(target);
            all.remove(weights);
            all.remove(offset);
            if (all.isEmpty()) {
                f.error("features", "the dataset has no column besides the target");
            }
            checkSize(all);
            return all;
        }
        if (features.isEmpty()) {
            f.error("features", "must name at least one column; omit it to use every column but the target");
            return features;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < features.size(); i++) {
            String name = features.get(i);
            String field = "features[" + i + "]";
            if (name == null) {
                f.error(field, "must be a column name, not null");
            } else if (name.equals(target)) {
                f.error(field, "'" + name + "' is the target; it cannot also be a feature");
            } else if (!seen.add(name)) {
                f.error(field, "'" + name + "' is listed twice");
            } else if (dataset != null && dataset.column(name).isEmpty()) {
                f.error(field, "unknown column '" + name + "'");
            }
        }
        checkSize(features.stream().filter(Objects::nonNull).toList());
        return List.copyOf(features.stream().map(String::valueOf).toList());
    }

    /** A weights or offset column: numeric, known, and neither the target nor a listed feature. */
    private void checkRowColumn(String field, String name, String target, List<String> features) {
        if (name == null) {
            return;
        }
        if (name.isBlank()) {
            f.error(field, "must be a column name or null");
        } else if (name.equals(target)) {
            f.error(field, "'" + name + "' is the target; it cannot also be the " + field);
        } else if (features != null && features.contains(name)) {
            f.error(field, "'" + name + "' is a feature; it cannot also be the " + field);
        } else if (dataset != null) {
            Optional<DatasetColumn> column = dataset.column(name);
            if (column.isEmpty()) {
                f.error(field, "unknown column '" + name + "'");
            } else if (column.get().isCategorical()) {
                f.error(field, "'" + name + "' is categorical; the " + field + " must be a numeric column");
            } else if (field.equals("weights") && column.get().min() != null && column.get().min() < 0.0) {
                f.error(field, "'" + name + "' has negative values (min " + column.get().min() + "); weights must be >= 0");
            }
        }
    }

    /**
     * The parameters of the model on these features: design columns plus an intercept, once per margin
     * (k − 1 margins for a k-class multinomial target). 0 when the dataset is unknown.
     */
    long parameters(List<String> features, ModelKind model, String target) {
        if (dataset == null) {
            return 0;
        }
        long width = 1;
        for (String name : features) {
            width += dataset.column(name).map(c -> c.isCategorical() ? Math.max(1, c.levels().size() - 1) : 1).orElse(0);
        }
        long margins = model == ModelKind.MULTINOMIAL
                ? dataset.column(target).map(c -> Math.max(1, c.levels().size() - 1)).orElse(1) : 1;
        return width * margins;
    }

    private boolean checkTarget(String target, ModelKind model) {
        if (target == null || target.isBlank()) {
            f.error("target", "is required");
            return false;
        }
        if (dataset == null) {
            return false;
        }
        Optional<DatasetColumn> column = dataset.column(target);
        if (column.isEmpty()) {
            f.error("target", "unknown column '" + target + "'");
            return false;
        }
        if (dataset.rows() > 0 && column.get().missing() >= dataset.rows()) {
            f.error("target", "'" + target + "' has no values");
            return true;
        }
        if (model != null) {
            String problem = mismatch(column.get(), dataset.rows(), model);
            if (problem != null) {
                f.error("target", problem);
            }
        }
        return true;
    }

    /**
     * The design matrix holds rows × design columns doubles in one array: refuse what cannot fit rather
     * than fail when the job runs. A categorical column is as wide as its levels (one fewer with an
     * intercept, but the bound need not be that tight).
     */
    void checkSize(List<String> features) {
        if (dataset == null) {
            return;
        }
        long width = 0;
        for (String name : features) {
            width += dataset.column(name).map(c -> c.isCategorical() ? Math.max(1, c.levels().size()) : 1).orElse(0);
        }
        long values = dataset.rows() * width;
        if (values > MAX_DESIGN_VALUES) {
            f.error("features", "the design matrix would hold " + values + " values (" + dataset.rows() + " rows x "
                    + width + " columns), more than one job can hold (" + MAX_DESIGN_VALUES + ")");
        }
    }

    /**
     * A 0/1 column's sum of squares equals its sum; any value strictly between 0 and 1 makes it smaller by
     * x(1 - x). Both sums follow from the stored count, mean and sample variance, so the gap, relative to the
     * 0/1 column's own n·m(1 - m), shows such values. Rounding leaves a relative gap near 1e-12 on a hundred
     * million 0/1 values; one 0.5 among ten million values leaves 1e-7.
     */
    static final double BINARY_TOLERANCE = 1e-8;

    /**
     * Why the column cannot be this model's target, or null.
     *
     * @param rows the dataset's rows (the column's present values are those not missing)
     */
    static String mismatch(DatasetColumn c, long rows, ModelKind model) {
        String name = "'" + c.name() + "'";
        String kind = SpecEnums.spell(model);
        switch (model) {
            case LINEAR, HUBER -> {
                if (c.isCategorical()) {
                    return name + " is categorical; a " + kind + " model needs a numeric target";
                }
            }
            case GAMMA -> {
                if (c.isCategorical()) {
                    return name + " is categorical; a gamma model needs a numeric target > 0";
                }
                if (c.min() != null && c.min() <= 0.0) {
                    return name + " has values <= 0 (min " + c.min() + "); a gamma model needs a target > 0";
                }
            }
            case MULTINOMIAL -> {
                if (!c.isCategorical()) {
                    return name + " is numeric; a multinomial model needs a categorical target (upload it with "
                            + "categorical=" + c.name() + " to treat its values as classes)";
                }
                if (c.levels().size() < 2) {
                    return name + " has " + c.levels().size() + " level; a multinomial model needs at least 2";
                }
            }
            case POISSON -> {
                if (c.isCategorical()) {
                    return name + " is categorical; a poisson model needs a numeric target >= 0";
                }
                if (c.min() != null && c.min() < 0.0) {
                    return name + " has negative values (min " + c.min() + "); a poisson model needs a target >= 0";
                }
            }
            case LOGISTIC -> {
                if (c.isCategorical()) {
                    if (c.levels().size() != 2) {
                        return name + " has " + c.levels().size() + " levels; a logistic model needs exactly 2";
                    }
                } else if (c.min() != null && (c.min() < 0.0 || c.max() > 1.0)) {
                    return name + " has values outside 0 and 1 (min " + c.min() + ", max " + c.max()
                            + "); a logistic model needs a 0/1 or two-level target";
                } else if (c.min() != null && !onlyZerosAndOnes(c, rows - c.missing())) {
                    return name + " has values between 0 and 1 (mean " + c.mean() + ", std " + c.std()
                            + "); a logistic model needs a 0/1 or two-level target";
                }
            }
            default -> throw new IllegalStateException("unknown model " + model);
        }
        return null;
    }

    /** Whether the statistics of a numeric column within [0, 1] are those of 0/1 values (see BINARY_TOLERANCE). */
    private static boolean onlyZerosAndOnes(DatasetColumn c, long present) {
        if (c.min().equals(c.max())) {
            return c.min() == 0.0 || c.min() == 1.0;
        }
        if (c.mean() == null || c.std() == null || present < 2) {
            return true;
        }
        double n = present;
        double m = c.mean();
        double binaryVariance = n * m * (1.0 - m);
        double gap = binaryVariance - (n - 1.0) * c.std() * c.std();
        return !(gap > BINARY_TOLERANCE * binaryVariance);
    }
}
