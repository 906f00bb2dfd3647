package dev.estimator.search;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code estimator.searches.*}.
 *
 * @param maxJobs           most jobs one search may run (candidates × folds, plus the refit); a larger grid is
 *                          refused with 400
 * @param reconcileInterval how often unfinished searches are brought up to date with their jobs (scores recorded,
 *                          refit started, status set), on every instance
 */
@ConfigurationProperties("estimator.searches")
record SearchProperties(@DefaultValue("500") int maxJobs, @DefaultValue("1s") Duration reconcileInterval) {

    SearchProperties {
        if (maxJobs < 1) {
            throw new IllegalArgumentException("estimator.searches.max-jobs must be at least 1");
        }
        if (reconcileInterval == null || reconcileInterval.isNegative() || reconcileInterval.isZero()) {
            throw new IllegalArgumentException("estimator.searches.reconcile-interval must be positive");
        }
    }
}
