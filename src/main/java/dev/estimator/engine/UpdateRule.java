package dev.estimator.engine;

import java.util.Arrays;

/**
 * Turns the gradient of the smooth part of the objective into a parameter step.
 *
 * <p>Lifecycle: {@link #initialise(int)} once, then {@link #step} per update, in order; the state
 * ({@link #state()}) is whatever the rule carries between steps and is all a snapshot needs.
 * Model averaging restores each partition's rule from {@link #state()} and averages the states
 * ({@link #averageStates}).
 */
interface UpdateRule {

    double MOMENTUM = 0.9;
    double BETA1 = 0.9;
    double BETA2 = 0.999;
    double EPSILON = 1e-8;

    void initialise(int dims);

    /** {@code params ← params − Δ(grad, η)} in place. */
    void step(double[] params, double[] grad, double learningRate);

    /** The rule's state: one array per moment, counters as one-element arrays. Copies. */
    double[][] state();

    void restore(double[][] state);

    /** Sets this rule's state to the {@code weights}-weighted mean of {@code states} (as {@link #state()} gives). */
    default void averageStates(double[][][] states, double[] weights) {
        double[][] mean = state();
        for (double[] a : mean) {
            Arrays.fill(a, 0.0);
        }
        for (int r = 0; r < states.length; r++) {
            double[][] s = states[r];
            for (int a = 0; a < mean.length; a++) {
                for (int k = 0; k < mean[a].length; k++) {
                    mean[a][k] += weights[r] * s[a][k];
                }
            }
        }
        restore(mean);
    }

    private static double[][] copyOf(double[]... arrays) {
        double[][] out = new double[arrays.length][];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = arrays[i].clone();
        }
        return out;
    }

    /** {@code θ ← θ − η g}. */
    final class Plain implements UpdateRule {
        @Override
        public void initialise(int dims) {
        }

        @Override
        public void step(double[] params, double[] grad, double learningRate) {
            for (int k = 0; k < params.length; k++) {
                params[k] -= learningRate * grad[k];
            }
        }

        @Override
        public double[][] state() {
            return new double[0][];
        }

        @Override
        public void restore(double[][] state) {
        }
    }

    /**
     * Heavy-ball momentum (Polyak 1964): {@code v ← μv − ηg; θ ← θ + v}; with {@code nesterov}, Nesterov's
     * accelerated gradient in the form of Sutskever et al. (2013) that uses the gradient at θ:
     * {@code v ← μv − ηg; θ ← θ + μv − ηg}. μ = 0.9.
     */
    final class Momentum implements UpdateRule {
        private final boolean nesterov;
        private double[] velocity = new double[0];

        Momentum(boolean nesterov) {
            this.nesterov = nesterov;
        }

        @Override
        public void initialise(int dims) {
            velocity = new double[dims];
        }

        @Override
        public void step(double[] params, double[] grad, double learningRate) {
            final double[] v = velocity;
            for (int k = 0; k < params.length; k++) {
                final double step = learningRate * grad[k];
                v[k] = MOMENTUM * v[k] - step;
                params[k] += nesterov ? MOMENTUM * v[k] - step : v[k];
            }
        }

        @Override
        public double[][] state() {
            return copyOf(velocity);
        }

        @Override
        public void restore(double[][] state) {
            velocity = state[0].clone();
        }
    }

    /** AdaGrad (Duchi, Hazan and Singer 2011): {@code G ← G + g²; θ ← θ − η g / (√G + ε)}. */
    final class AdaGrad implements UpdateRule {
        private double[] sumSquares = new double[0];

        @Override
        public void initialise(int dims) {
            sumSquares = new double[dims];
        }

        @Override
        public void step(double[] params, double[] grad, double learningRate) {
            final double[] s = sumSquares;
            for (int k = 0; k < params.length; k++) {
                final double g = grad[k];
                s[k] += g * g;
                params[k] -= learningRate * g / (Math.sqrt(s[k]) + EPSILON);
            }
        }

        @Override
        public double[][] state() {
            return copyOf(sumSquares);
        }

        @Override
        public void restore(double[][] state) {
            sumSquares = state[0].clone();
        }
    }

    /**
     * Adam (Kingma and Ba 2015): {@code m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²;
     * θ ← θ − η m̂ / (√v̂ + ε)} with bias corrections {@code m̂ = m/(1−β₁ᵗ)}, {@code v̂ = v/(1−β₂ᵗ)}.
     */
    final class Adam implements UpdateRule {
        private double[] m = new double[0];
        private double[] v = new double[0];
        private double t;

        @Override
        public void initialise(int dims) {
            m = new double[dims];
            v = new double[dims];
            t = 0;
        }

        @Override
        public void step(double[] params, double[] grad, double learningRate) {
            t += 1;
            final double c1 = 1.0 - StrictMath.pow(BETA1, t);
            final double c2 = 1.0 - StrictMath.pow(BETA2, t);
            for (int k = 0; k < params.length; k++) {
                final double g = grad[k];
                m[k] = BETA1 * m[k] + (1.0 - BETA1) * g;
                v[k] = BETA2 * v[k] + (1.0 - BETA2) * g * g;
                params[k] -= learningRate * (m[k] / c1) / (Math.sqrt(v[k] / c2) + EPSILON);
            }
        }

        @Override
        public double[][] state() {
            return copyOf(m, v, new double[] {t});
        }

        @Override
        public void restore(double[][] state) {
            m = state[0].clone();
            v = state[1].clone();
            t = state[2][0];
        }
    }
}
