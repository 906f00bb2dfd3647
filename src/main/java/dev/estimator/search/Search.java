package dev.estimator.search;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of the {@code search} table.
 *
 * @param request   the defaults-filled request as JSON
 * @param bestJobId the refit job, once started
 */
record Search(UUID id, String name, UUID datasetId, String owner, SearchStatus status, String request, Instant createdAt,
        Instant finishedAt, UUID bestJobId, String errorCode, String errorMessage) {
}
