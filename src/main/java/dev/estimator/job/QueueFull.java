package dev.estimator.job;

import dev.estimator.domain.DomainException;

/** The job queue holds as many jobs as {@code estimator.jobs.max-queued} allows; a later submission may fit. */
public class QueueFull extends DomainException {

    static final int RETRY_AFTER_SECONDS = 5;

    public QueueFull(long queued, int limit) {
        super(Kind.LIMIT_REACHED, "queue-full", "Job queue full", "the queue holds " + queued
                + " jobs, its limit (estimator.jobs.max-queued is " + limit + "); retry later");
        retryAfter(RETRY_AFTER_SECONDS);
    }
}
