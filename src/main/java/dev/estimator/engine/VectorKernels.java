package dev.estimator.engine;

/**
 * Indirection so that {@link Kernels} never links against {@code jdk.incubator.vector} classes itself:
 * only calling {@link #create()} loads {@link VectorKernel}.
 */
final class VectorKernels {

    private VectorKernels() {
    }

    static GradientKernel create() {
        return VectorKernel.create();
    }
}
