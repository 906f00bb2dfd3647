package dev.estimator.engine;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/** SIMD {@link GradientKernel} on the Vector API. Placeholder delegating to the scalar loops. */
final class VectorKernel implements GradientKernel {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private final ScalarKernel scalar = new ScalarKernel();

    static GradientKernel create() {
        if (SPECIES.length() < 2) {
            return null;
        }
        return new VectorKernel();
    }

    @Override
    public String name() {
        return "vector" + SPECIES.vectorBitSize();
    }

    @Override
    public double lossAndGradient(double[] x, double[] y, int p, int from, int to, double[] params, Loss loss,
            double[] grad, Scratch scratch) {
        return scalar.lossAndGradient(x, y, p, from, to, params, loss, grad, scratch);
    }

    @Override
    public double lossAndGradient(double[] x, double[] y, int p, int[] rows, int from, int to, double[] params,
            Loss loss, double[] grad, Scratch scratch) {
        return scalar.lossAndGradient(x, y, p, rows, from, to, params, loss, grad, scratch);
    }

    @Override
    public double loss(double[] x, double[] y, int p, int from, int to, double[] params, Loss loss,
            Scratch scratch) {
        return scalar.loss(x, y, p, from, to, params, loss, scratch);
    }

    @Override
    public void margins(double[] x, int p, int from, int to, double[] params, double[] out) {
        scalar.margins(x, p, from, to, params, out);
    }
}
