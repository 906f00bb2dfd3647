package dev.estimator.engine;

/**
 * Huber's robust loss (Huber 1964) with threshold δ in units of the target, r = m − y:
 * {@code ℓ = ½r²} for |r| ≤ δ, else {@code δ(|r| − ½δ)}; {@code ℓ' = clamp(r, −δ, δ)}.
 */
final class HuberLoss implements Loss {

    private final double delta;

    public HuberLoss(double delta) {
        if (!(delta > 0.0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("huberDelta must be a finite number > 0");
        }
        this.delta = delta;
    }

    public double delta() {
        return delta;
    }

    @Override
    public double value(double margin, double y) {
        final double r = margin - y;
        final double a = Math.abs(r);
        return a <= delta ? 0.5 * r * r : delta * (a - 0.5 * delta);
    }

    @Override
    public double derivative(double margin, double y) {
        return Math.max(-delta, Math.min(delta, margin - y));
    }

    @Override
    public double curvature(double margin, double y) {
        return Math.abs(margin - y) <= delta ? 1.0 : 0.0;
    }

    @Override
    public double mean(double margin) {
        return margin;
    }

    @Override
    public double evaluate(double[] margins, double[] y, int yOffset, int len, double[] derivatives) {
        final double d = delta;
        double sum = 0.0;
        for (int i = 0; i < len; i++) {
            final double r = margins[i] - y[yOffset + i];
            final double a = Math.abs(r);
            sum += a <= d ? 0.5 * r * r : d * (a - 0.5 * d);
            derivatives[i] = Math.max(-d, Math.min(d, r));
        }
        return sum;
    }
}
