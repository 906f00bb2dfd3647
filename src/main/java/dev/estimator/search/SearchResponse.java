package dev.estimator.search;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.estimator.job.JobError;
import dev.estimator.job.JobSpec;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A search as the API shows it (API.md, "GET /api/v1/searches/{id}").
 *
 * @param bestJobId the refit job (with {@code refit: true}), once started
 * @param error     why a FAILED search failed
 */
public record SearchResponse(UUID id, String name, UUID datasetId, SearchStatus status, String metric, int folds,
        boolean refit, Map<String, List<Object>> grid, JobSpec base, Progress progress, List<Candidate> candidates,
        @Schema(description = "The candidate with the best mean score among those that SUCCEEDED (so far, while "
                + "running); null if none did") Best best,
        @Schema(description = "With refit: the job trained on all rows with the best combination") UUID bestJobId,
        JobError error, Instant createdAt, Instant finishedAt, Links links) {

    /** @param jobsTotal candidates × folds (the refit job is not counted: it shows in bestJobId and status) */
    @Schema(name = "SearchProgress")
    public record Progress(int jobsDone, int jobsTotal) {
    }

    /**
     * One combination of the grid's values.
     *
     * @param foldScores each fold's score in fold order, null for a fold not (successfully) finished
     * @param status     QUEUED, RUNNING, SUCCEEDED, FAILED (a fold failed, e.g. DIVERGED, or has no score) or
     *                   CANCELLED
     */
    @Schema(name = "SearchCandidate")
    public record Candidate(Map<String, Object> params,
            @Schema(description = "Mean of the fold scores once every fold SUCCEEDED, else null") Double mean,
            @Schema(description = "Sample standard deviation of the fold scores (null with one fold)") Double std,
            @ArraySchema(schema = @Schema(types = {"number", "null"}, format = "double")) List<Double> foldScores,
            @Schema(allowableValues = {"QUEUED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"}) String status,
            @Schema(description = "Why a FAILED or CANCELLED candidate has no score: its fold's job error (e.g. "
                    + "DIVERGED), NO_SCORE, NOT_QUEUED or CANCELLED") JobError error) {
    }

    @Schema(name = "SearchBest")
    public record Best(Map<String, Object> params, Double mean, Double std) {
    }

    /**
     * @param jobs   the search's jobs: {@code /api/v1/jobs?searchId=…}
     * @param events the search's event stream
     */
    @Schema(name = "SearchLinks")
    public record Links(String self, String jobs, String events) {

        static Links of(UUID id) {
            return new Links(SearchController.BASE + "/" + id, "/api/v1/jobs?searchId=" + id,
                    SearchController.BASE + "/" + id + "/events");
        }
    }
}
