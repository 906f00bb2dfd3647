package dev.estimator.engine;

/**
 * The penalty {@code l2/2·‖w‖² + l1·‖w‖₁} on the coefficients, never on the intercepts. The parameters
 * are {@code blocks} blocks of p coefficients and an intercept ({@code params[b(p+1) + p]}); a
 * single-margin model has one block. L2 enters the gradient; L1 is applied by its proximal operator, soft
 * thresholding, after each step (proximal gradient descent, i.e. ISTA for plain updates), so lasso
 * solutions get exact zeros.
 */
record Penalty(double l1, double l2, int p, int blocks) {

    public Penalty {
        if (!(l1 >= 0.0) || !(l2 >= 0.0) || Double.isInfinite(l1) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("l1 and l2 must be finite and >= 0");
        }
        if (blocks < 1) {
            throw new IllegalArgumentException("blocks must be >= 1");
        }
    }

    /** One block. */
    public Penalty(double l1, double l2, int p) {
        this(l1, l2, p, 1);
    }

    public boolean none() {
        return l1 == 0.0 && l2 == 0.0;
    }

    /** Whether parameter {@code k} is a coefficient (penalized) rather than an intercept. */
    public boolean penalized(int k) {
        return k % (p + 1) != p;
    }

    public double value(double[] params) {
        double squares = 0.0;
        double abs = 0.0;
        for (int b = 0; b < blocks; b++) {
            final int base = b * (p + 1);
            for (int j = base; j < base + p; j++) {
                squares += params[j] * params[j];
                abs += Math.abs(params[j]);
            }
        }
        return 0.5 * l2 * squares + l1 * abs;
    }

    /** {@code grad[j] += l2·w[j]} for the coefficients. */
    public void addGradient(double[] params, double[] grad) {
        if (l2 != 0.0) {
            for (int b = 0; b < blocks; b++) {
                final int base = b * (p + 1);
                for (int j = base; j < base + p; j++) {
                    grad[j] += l2 * params[j];
                }
            }
        }
    }

    /** Soft thresholding {@code w ← sign(w)·max(|w| − η·l1, 0)} after a step of size η. */
    public void prox(double[] params, double learningRate) {
        if (l1 != 0.0) {
            final double t = learningRate * l1;
            for (int b = 0; b < blocks; b++) {
                final int base = b * (p + 1);
                for (int j = base; j < base + p; j++) {
                    final double w = params[j];
                    params[j] = w > t ? w - t : (w < -t ? w + t : 0.0);
                }
            }
        }
    }
}
