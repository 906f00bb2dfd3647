package dev.estimator.search;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The search meters under {@code estimator.searches}: submitted, finished (by status), and candidates evaluated
 * (every fold finished, scored or failed), counted when their search ends.
 */
@Component
class SearchMetrics {

    private final MeterRegistry registry;
    private final Counter submitted;
    private final Counter candidates;

    SearchMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.submitted = Counter.builder("estimator.searches.submitted").description("Searches accepted")
                .register(registry);
        this.candidates = Counter.builder("estimator.searches.candidates")
                .description("Candidates evaluated by searches that ended").register(registry);
    }

    void submitted() {
        submitted.increment();
    }

    void finished(SearchStatus status, long candidatesEvaluated) {
        Counter.builder("estimator.searches.finished").description("Searches finished, by status")
                .tag("status", status.name()).register(registry).increment();
        candidates.increment(candidatesEvaluated);
    }
}
