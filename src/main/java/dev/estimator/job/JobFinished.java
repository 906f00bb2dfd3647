package dev.estimator.job;

import java.util.UUID;

import dev.estimator.domain.Conflict;

/** The job already reached a terminal status, so it cannot be cancelled. */
public class JobFinished extends Conflict {

    public JobFinished(UUID id, JobStatus status) {
        super("job-finished", "Job already finished", "job " + id + " is already " + status
                + " and cannot be cancelled");
    }
}
