package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ForkJoinPool;

import org.junit.jupiter.api.Test;

import dev.estimator.engine.Algorithm;
import dev.estimator.engine.ModelKind;

class KernelWarmUpTests {

    @Test
    void everyModelKindIsFittedWithTheFirstOrderAlgorithms() {
        ForkJoinPool pool = new ForkJoinPool(1);
        try {
            var frame = KernelWarmUp.frame();
            for (ModelKind model : ModelKind.values()) {
                for (Algorithm algorithm : new Algorithm[] {Algorithm.GD, Algorithm.SGD, Algorithm.MINIBATCH}) {
                    assertThat(KernelWarmUp.fit(frame, model, algorithm, pool)).as("%s with %s", model, algorithm)
                            .isTrue();
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theWholeWarmUpRunsAtLeastTheFirstOrderFitsOfEveryModelKind() {
        assertThat(new KernelWarmUp().run()).isGreaterThanOrEqualTo(3 * ModelKind.values().length);
    }
}
