package dev.estimator.engine;

/**
 * The target column as the model's loss reads it, checked against the model: numeric for linear and Huber,
 * counts ≥ 0 for Poisson, 0/1 or a two-level categorical column (second level positive, as its code 1) for
 * logistic. Missing values stay NaN for the missing-value policy. Works on any block of rows.
 */
public final class TargetEncoding {

    private TargetEncoding() {
    }

    /**
     * The target's values (the column's own array: codes 0/1 already encode a two-level column).
     *
     * @throws DesignException saying why the column cannot be this model's target
     */
    public static double[] encode(Frame.Column target, ModelKind model) {
        double[] v = target.values();
        String name = target.name();
        switch (model) {
            case LINEAR, HUBER -> {
                if (target.isCategorical()) {
                    throw new DesignException("target '" + name + "' is categorical; a " + model.name().toLowerCase()
                            + " model needs a numeric target");
                }
            }
            case POISSON -> {
                if (target.isCategorical()) {
                    throw new DesignException("target '" + name + "' is categorical; a poisson model needs counts >= 0");
                }
                for (double t : v) {
                    if (t < 0.0) {
                        throw new DesignException("target '" + name + "' has negative values; a poisson model needs values >= 0");
                    }
                }
            }
            case LOGISTIC -> {
                if (target.isCategorical()) {
                    if (target.levels().size() != 2) {
                        throw new DesignException("target '" + name + "' has " + target.levels().size()
                                + " levels; a logistic model needs exactly 2");
                    }
                } else {
                    for (double t : v) {
                        if (!Double.isNaN(t) && t != 0.0 && t != 1.0) {
                            throw new DesignException("target '" + name + "' has values other than 0 and 1; a logistic "
                                    + "model needs a 0/1 or two-level target");
                        }
                    }
                }
            }
            default -> throw new IllegalStateException();
        }
        return v;
    }
}
