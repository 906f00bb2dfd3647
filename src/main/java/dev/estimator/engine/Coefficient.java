package dev.estimator.engine;

/**
 * One fitted parameter on the original scale of its column, with its inference when it is defined
 * (unregularized fits with a non-singular information matrix), else nulls.
 */
public record Coefficient(String name, double value, Double standardError, Double statistic, Double pValue,
        double[] ci95) implements java.io.Serializable {

    public static Coefficient bare(String name, double value) {
        return new Coefficient(name, value, null, null, null, null);
    }
}
