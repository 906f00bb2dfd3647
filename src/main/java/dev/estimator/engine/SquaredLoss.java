package dev.estimator.engine;

/** Linear regression: {@code ℓ = ½(m − y)²}, {@code ℓ' = m − y}. */
final class SquaredLoss implements Loss {

    @Override
    public double value(double margin, double y) {
        final double r = margin - y;
        return 0.5 * r * r;
    }

    @Override
    public double derivative(double margin, double y) {
        return margin - y;
    }

    @Override
    public double curvature(double margin, double y) {
        return 1.0;
    }

    @Override
    public double mean(double margin) {
        return margin;
    }

    @Override
    public double evaluate(double[] margins, double[] y, int yOffset, int len, double[] derivatives) {
        double sum = 0.0;
        for (int i = 0; i < len; i++) {
            final double r = margins[i] - y[yOffset + i];
            derivatives[i] = r;
            sum += r * r;
        }
        return 0.5 * sum;
    }
}
