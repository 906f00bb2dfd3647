package dev.estimator.engine;

import java.util.logging.Logger;

/**
 * Chooses the {@link GradientKernel} this JVM runs best, once. The SIMD kernel needs the incubating
 * {@code jdk.incubator.vector} module; without it the first touch of {@link VectorKernel} throws a
 * {@link LinkageError} (the JVM resolves the class only then), and the scalar kernel is used. The system
 * property {@code estimator.engine.scalar=true} forces the scalar kernel.
 */
final class KernelSelection {

    private static final Logger LOG = Logger.getLogger(KernelSelection.class.getName());
    static final GradientKernel BEST = choose();

    private KernelSelection() {
    }

    static GradientKernel vector() {
        try {
            return VectorKernel.create();
        } catch (LinkageError | RuntimeException e) {
            return null;
        }
    }

    /**
     * Whether {@code kernel} is the SIMD kernel, by class name: naming {@link VectorKernel} here would load
     * it, which fails without the vector module.
     */
    static boolean isVector(GradientKernel kernel) {
        return kernel != null && kernel.getClass().getName().equals("dev.estimator.engine.VectorKernel");
    }

    private static GradientKernel choose() {
        if (Boolean.getBoolean("estimator.engine.scalar")) {
            return ScalarKernel.INSTANCE;
        }
        GradientKernel vector = vector();
        if (vector == null) {
            LOG.info("Vector API unavailable (run with --add-modules jdk.incubator.vector); using the scalar kernel");
            return ScalarKernel.INSTANCE;
        }
        return vector;
    }
}
