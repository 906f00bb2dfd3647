package dev.estimator.dataset;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import dev.estimator.security.Caller;
import dev.estimator.domain.PageSize;
import dev.estimator.domain.Ids;
import dev.estimator.domain.PageResponse;
import dev.estimator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Reading and deleting datasets. Uploads are {@link DatasetUploadController}'s. */
@RestController
@Tag(name = "Datasets", description = "Upload CSV datasets, read their column summaries and rows, delete them")
@RequestMapping("/api/v1/datasets")
class DatasetController {


    /** The longest a GET is held, as for jobs. */
    static final int MAX_WAIT_SECONDS = 30;

    private final DatasetService datasets;
    private final DatasetProperties properties;
    private final DatasetLongPolls longPolls;

    DatasetController(DatasetService datasets, DatasetProperties properties, DatasetLongPolls longPolls) {
        this.datasets = datasets;
        this.properties = properties;
        this.longPolls = longPolls;
    }

    @GetMapping
    @Operation(operationId = "listDatasets", summary = "Datasets, newest first")
    @ProblemResponses(400)
    PageResponse<DatasetResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw CsvProblems.invalidParameter("page", "must be 0 or more");
        }
        if (size < 1) {
            throw CsvProblems.invalidParameter("size", "must be 1 or more");
        }
        size = PageSize.clamp(size);
        return datasets.list(Caller.current(), page, size).map(DatasetResponse::of);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getDataset", summary = "A dataset's metadata and column summaries; with waitSeconds, "
            + "held until its status changes")
    @ApiResponse(responseCode = "200", description = "The dataset",
            headers = @Header(name = "Retry-After", description = "While the dataset is PROFILING: seconds until "
                    + "the next poll is worth making", schema = @Schema(type = "integer")))
    @ProblemResponses({400, 404})
    ResponseEntity<DatasetResponse> get(@PathVariable String id) {
        var datasetId = Ids.parse("id", id);
        return datasets.find(datasetId, Caller.current()).map(DatasetLongPolls::entity)
                .orElseThrow(() -> new DatasetNotFoundException(datasetId));
    }

    /** Long poll: held until the status changes, or {@code waitSeconds} (at most 30) pass. */
    @GetMapping(path = "/{id}", params = "waitSeconds")
    @Operation(operationId = "getDataset", summary = "A dataset's metadata and column summaries; with waitSeconds, "
            + "held until its status changes")
    @ApiResponse(responseCode = "200", description = "The dataset",
            headers = @Header(name = "Retry-After", description = "While the dataset is PROFILING: seconds until "
                    + "the next poll is worth making", schema = @Schema(type = "integer")))
    @ProblemResponses({400, 404})
    DeferredResult<ResponseEntity<DatasetResponse>> await(@PathVariable String id,
            @Parameter(required = false, description = "Hold the request up to this many seconds (at most 30) "
                    + "until the dataset's status changes", schema = @Schema(type = "integer", minimum = "0",
                    maximum = "30")) @RequestParam(required = false) Integer waitSeconds) {
        // required = false only for the document: this mapping is chosen when the parameter is present
        if (waitSeconds == null) {
            throw CsvProblems.invalidParameter("waitSeconds", "must be a whole number of seconds");
        }
        if (waitSeconds < 0) {
            throw CsvProblems.invalidParameter("waitSeconds", "must be 0 or more");
        }
        var datasetId = Ids.parse("id", id);
        Dataset dataset = datasets.find(datasetId, Caller.current())
                .orElseThrow(() -> new DatasetNotFoundException(datasetId));
        if (dataset.status() != DatasetStatus.PROFILING || waitSeconds == 0) {
            DeferredResult<ResponseEntity<DatasetResponse>> now = new DeferredResult<>();
            now.setResult(DatasetLongPolls.entity(dataset));
            return now;
        }
        return longPolls.await(dataset, Math.min(waitSeconds, MAX_WAIT_SECONDS) * 1000L);
    }

    @GetMapping("/{id}/rows")
    @Operation(operationId = "getDatasetRows", summary = "A window of a dataset's rows (of a dataset by reference: read "
            + "by a short Spark run; 409 until it is READY)")
    @ProblemResponses({400, 404, 409})
    DatasetRows rows(@PathVariable String id, @RequestParam(defaultValue = "0") long offset,
            @RequestParam(defaultValue = "20") int limit) {
        var datasetId = Ids.parse("id", id);
        if (offset < 0) {
            throw CsvProblems.invalidParameter("offset", "must be 0 or more");
        }
        if (limit < 0 || limit > properties.maxPreviewRows()) {
            throw CsvProblems.invalidParameter("limit", "must be between 0 and " + properties.maxPreviewRows());
        }
        return datasets.rows(datasetId, Caller.current(), offset, limit);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteDataset", summary = "Delete a dataset unless a queued or running job uses it")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponses({400, 404, 409})
    ResponseEntity<Void> delete(@PathVariable String id) {
        datasets.delete(Ids.parse("id", id), Caller.current());
        return ResponseEntity.noContent().build();
    }
}
