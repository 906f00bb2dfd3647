package dev.estimator.job;

import java.util.UUID;

/**
 * Published (as a Spring application event) once this instance has recorded the end of a job that belongs to a
 * search, after the transaction that recorded it: the search can move on now instead of at its next periodic
 * round. Jobs that end on another instance are not told here; the periodic round covers them.
 */
public record JobEnded(UUID jobId, UUID searchId, JobStatus status) {
}
