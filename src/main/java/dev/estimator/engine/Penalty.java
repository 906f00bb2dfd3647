package dev.estimator.engine;

/**
 * The penalty {@code l2/2·‖w‖² + l1·‖w‖₁} on the coefficients {@code params[0, p)}, never on the
 * intercept {@code params[p]}. L2 enters the gradient; L1 is applied by its proximal operator, soft
 * thresholding, after each step (proximal gradient descent, i.e. ISTA for plain updates), so lasso
 * solutions get exact zeros.
 */
record Penalty(double l1, double l2, int p) {

    public Penalty {
        if (!(l1 >= 0.0) || !(l2 >= 0.0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l1 and l2 must be finite and >= 0");
        }
    }

    public boolean none() {
        return l1 == 0.0 && l2 == 0.0;
    }

    public double value(double[] params) {
        double squares = 0.0;
        double abs = 0.0;
        for (int j = 0; j < p; j++) {
            squares += params[j] * params[j];
            abs += Math.abs(params[j]);
        }
        return 0.5 * l2 * squares + l1 * abs;
    }

    /** {@code grad[j] += l2·w[j]} for the coefficients. */
    public void addGradient(double[] params, double[] grad) {
        if (l2 != 0.0) {
            for (int j = 0; j < p; j++) {
                grad[j] += l2 * params[j];
            }
        }
    }

    /** Soft thresholding {@code w ← sign(w)·max(|w| − η·l1, 0)} after a step of size η. */
    public void prox(double[] params, double learningRate) {
        if (l1 != 0.0) {
            final double t = learningRate * l1;
            for (int j = 0; j < p; j++) {
                final double w = params[j];
                params[j] = w > t ? w - t : (w < -t ? w + t : 0.0);
            }
        }
    }
}
