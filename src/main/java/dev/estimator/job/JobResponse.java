package dev.estimator.job;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** A job as the API shows it (API.md, "GET /api/v1/jobs/{id}"). */
public record JobResponse(UUID id, String name, UUID datasetId, UUID searchId, JobStatus status, JobSpec spec,
        Progress progress, Instant createdAt, Instant startedAt, Instant finishedAt, JobError error,
        @Schema(nullable = true, description = "Where a job on Spark runs: its application and web UI; null for "
                + "jobs trained in the service's own pool") EngineDetails engineDetails, Links links) {

    /** The Spark application of the job's latest run, and a link to its UI where there is one. */
    public record EngineDetails(String engine, String applicationId, @Schema(nullable = true) String ui) {
    }

    /**
     * @param iteration iterations completed
     * @param resumes   how often the job was resumed from its checkpoint after a run of it ended without an
     *                  outcome (its instance stopped, died or lost the database): churn, not failure
     */
    public record Progress(int iteration, int maxIterations, Double loss, Double validationLoss,
            @Schema(description = "How often the job was resumed from its last checkpoint after a run of it ended "
                    + "without an outcome (its instance stopped, died or lost the database)") int resumes) {
    }

    public record Links(String self, String loss, String result, String events) {

        static Links of(UUID id) {
            String self = JobController.BASE + "/" + id;
            return new Links(self, self + "/loss", self + "/result", self + "/events");
        }
    }

    static JobResponse of(Job job, JobSpec spec) {
        JobError error = job.errorCode() == null ? null : new JobError(job.errorCode(), job.errorMessage());
        return new JobResponse(job.id(), job.name(), job.datasetId(), job.searchId(), job.status(), spec,
                new Progress(job.iteration(), job.maxIterations(), job.loss(), job.validationLoss(), job.resumes()),
                job.createdAt(), job.startedAt(), job.finishedAt(), error,
                job.engineApplication() == null ? null
                        : new EngineDetails("spark", job.engineApplication(), job.engineUi()),
                Links.of(job.id()));
    }
}
