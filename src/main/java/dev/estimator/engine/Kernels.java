package dev.estimator.engine;

import java.util.logging.Logger;

/**
 * Chooses the fastest {@link GradientKernel} this JVM can run, once. The SIMD kernel needs the
 * incubating {@code jdk.incubator.vector} module ({@code --add-modules jdk.incubator.vector}); without it
 * the first touch of its class throws a {@link LinkageError} and the scalar kernel is used.
 */
public final class Kernels {

    private static final Logger LOG = Logger.getLogger(Kernels.class.getName());
    private static final GradientKernel BEST = choose();

    private Kernels() {
    }

    /** The kernel every trainer uses unless told otherwise. */
    public static GradientKernel best() {
        return BEST;
    }

    public static GradientKernel scalar() {
        return new ScalarKernel();
    }

    /** The SIMD kernel, or null when the Vector API is not available in this JVM. */
    public static GradientKernel vector() {
        try {
            return VectorKernels.create();
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    private static GradientKernel choose() {
        if (Boolean.getBoolean("estimator.engine.scalar")) {
            return scalar();
        }
        GradientKernel vector = vector();
        if (vector == null) {
            LOG.info("Vector API unavailable (run with --add-modules jdk.incubator.vector); using the scalar kernel");
            return scalar();
        }
        return vector;
    }
}
