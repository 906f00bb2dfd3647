package dev.estimator.job;

import java.time.Instant;

/**
 * How a run ends a job: its terminal status, the error of a FAILED job, when, and the result and model JSON of
 * a SUCCEEDED one (else null).
 */
record JobEnding(JobStatus status, JobError error, Instant at, String result, String model) {
}
