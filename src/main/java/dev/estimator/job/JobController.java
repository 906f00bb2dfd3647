package dev.estimator.job;

import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.estimator.security.Caller;
import dev.estimator.domain.Ids;
import dev.estimator.domain.PageResponse;
import dev.estimator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The training-job endpoints of API.md. */
@RestController
@Tag(name = "Jobs", description = "Submit training jobs, follow them, read their loss history and result, predict")
@RequestMapping(JobController.BASE)
class JobController {

    static final String BASE = "/api/v1/jobs";

    private final JobService jobs;
    private final JobLossReads losses;
    private final JobWatch watch;
    private final JobViews views;

    JobController(JobService jobs, JobLossReads losses, JobWatch watch, JobViews views) {
        this.jobs = jobs;
        this.losses = losses;
        this.watch = watch;
        this.views = views;
    }

    @PostMapping
    @Operation(operationId = "submitJob", summary = "Validate a job spec, fill in its defaults and queue the job")
    @ApiResponse(responseCode = "202", description = "Queued; Location names the job",
            headers = {@Header(name = "Location", description = "The new job",
                    schema = @Schema(type = "string", format = "uri-reference")),
                    @Header(name = "Retry-After", description = "Seconds until the next poll is worth making",
                            schema = @Schema(type = "integer"))})
    @ApiResponse(responseCode = "200", description = "The Idempotency-Key repeats an earlier submission: its job")
    @ProblemResponses({400, 429})
    ResponseEntity<JobResponse> submit(@RequestBody(required = false) JobSpec spec,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        JobService.Submission submission = jobs.submit(spec, idempotencyKey, null, Caller.current());
        return views.entity(submission.job(), submission.created() ? HttpStatus.ACCEPTED : HttpStatus.OK);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getJob", summary = "A job; with waitSeconds, held until its status or iteration changes")
    @ApiResponse(responseCode = "200", description = "The job",
            headers = @Header(name = "Retry-After", description = "While the job is not finished: seconds until "
                    + "the next poll is worth making", schema = @Schema(type = "integer")))
    @ProblemResponses({400, 404})
    ResponseEntity<JobResponse> get(@PathVariable String id) {
        return views.entity(jobs.get(Ids.parse("id", id), Caller.current()), HttpStatus.OK);
    }

    /** Long poll: held until the status or iteration changes, or {@code waitSeconds} (at most 30) pass. */
    @GetMapping(path = "/{id}", params = "waitSeconds")
    @Operation(operationId = "getJob", summary = "A job; with waitSeconds, held until its status or iteration changes")
    @ApiResponse(responseCode = "200", description = "The job",
            headers = @Header(name = "Retry-After", description = "While the job is not finished: seconds until "
                    + "the next poll is worth making", schema = @Schema(type = "integer")))
    @ProblemResponses({400, 404})
    DeferredResult<ResponseEntity<JobResponse>> await(@PathVariable String id,
            @Parameter(required = false, description = "Hold the request up to this many seconds (at most 30) "
                    + "until the job's status or iteration changes", schema = @Schema(type = "integer",
                    minimum = "0", maximum = "30")) @RequestParam(required = false) Integer waitSeconds) {
        // required = false only for the document: this mapping is chosen when the parameter is present
        if (waitSeconds == null) {
            throw JobService.invalidParameter("waitSeconds", "must be a whole number of seconds");
        }
        if (waitSeconds < 0) {
            throw JobService.invalidParameter("waitSeconds", "must be 0 or more");
        }
        return watch.await(Ids.parse("id", id), waitSeconds, Caller.current());
    }

    @GetMapping
    @Operation(operationId = "listJobs", summary = "Jobs, newest first, optionally by status, dataset or search")
    @ProblemResponses(400)
    PageResponse<JobResponse> list(@Parameter(schema = @Schema(type = "string", allowableValues = {"QUEUED",
            "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"})) @RequestParam(required = false) String status,
            @RequestParam(required = false) String datasetId, @RequestParam(required = false) String searchId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        return jobs.list(Caller.current(), status(status), optionalId("datasetId", datasetId), optionalId("searchId", searchId),
                page, size);
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a queued or running job")
    @ApiResponse(responseCode = "202", description = "Cancelled, or cancelling after the current iteration")
    @ProblemResponses({400, 404, 409})
    ResponseEntity<JobResponse> cancel(@PathVariable String id) {
        return views.entity(jobs.cancel(Ids.parse("id", id), Caller.current()), HttpStatus.ACCEPTED);
    }

    @GetMapping("/{id}/loss")
    @Operation(operationId = "getJobLoss", summary = "The stored loss history, in iteration order")
    @ProblemResponses({400, 404})
    LossHistory loss(@PathVariable String id, @RequestParam(defaultValue = "0") int from,
            @Parameter(description = "At most this many points from `from` (1 to 10000, default 10000); with "
                    + "maxPoints, the window to reduce (default: the rest of the history)",
                    schema = @Schema(type = "integer", minimum = "1")) @RequestParam(required = false) Integer limit,
            @Parameter(description = "For charts: at most this many points (2 to 10000) that keep the curve's shape: "
                    + "the first and the last point and, per equal range of iterations, the points with the lowest "
                    + "and the highest loss, each with its real iteration",
                    schema = @Schema(type = "integer", minimum = "2", maximum = "10000"))
            @RequestParam(required = false) Integer maxPoints) {
        return losses.loss(Ids.parse("id", id), Caller.current(), from, limit, maxPoints);
    }

    @GetMapping("/{id}/events")
    @Operation(operationId = "streamJobEvents",
            summary = "Server-sent events: progress (at most ~10 a second), then one status event")
    @ApiResponse(responseCode = "200", description = "progress events as iterations complete, then one status event",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
    @ProblemResponses({400, 404})
    SseEmitter events(@PathVariable String id) {
        return watch.events(Ids.parse("id", id), Caller.current());
    }

    @GetMapping("/{id}/result")
    @Operation(operationId = "getJobResult", summary = "The fit of a SUCCEEDED job; 409 before")
    @ProblemResponses({400, 404, 409})
    JobResult result(@PathVariable String id) {
        return jobs.result(Ids.parse("id", id), Caller.current());
    }

    @PostMapping("/{id}/predictions")
    @Operation(operationId = "predictWithJob", summary = "Predictions of a SUCCEEDED job's model for raw rows")
    @ProblemResponses({400, 404, 409})
    Predictions predict(@PathVariable String id, @RequestBody(required = false) PredictionRequest request) {
        return jobs.predict(Ids.parse("id", id), Caller.current(), request);
    }

    private static JobStatus status(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        return SpecEnums.parse(JobStatus.class, text.trim()).orElseThrow(() -> JobService.invalidParameter("status",
                "unknown status '" + text + "'; expected QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED"));
    }

    private static UUID optionalId(String name, String text) {
        return text == null || text.isBlank() ? null : Ids.parse(name, text.trim());
    }
}
