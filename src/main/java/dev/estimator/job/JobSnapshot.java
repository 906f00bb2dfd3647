package dev.estimator.job;

import java.util.UUID;

/**
 * What another feature (a search) needs to know of a job as it is now: its status, the validation loss it reached
 * and, once it failed, why.
 */
public record JobSnapshot(UUID id, JobStatus status, Double validationLoss, JobError error) {

    static JobSnapshot of(Job job) {
        JobError error = job.errorCode() == null ? null : new JobError(job.errorCode(), job.errorMessage());
        return new JobSnapshot(job.id(), job.status(), job.validationLoss(), error);
    }
}
