package dev.estimator.dataset;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.estimator.security.Caller;
import dev.estimator.domain.PageSize;
import dev.estimator.domain.Ids;
import dev.estimator.domain.PageResponse;
import dev.estimator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Reading and deleting datasets. Uploads are {@link DatasetUploadController}'s. */
@RestController
@Tag(name = "Datasets", description = "Upload CSV datasets, read their column summaries and rows, delete them")
@RequestMapping("/api/v1/datasets")
class DatasetController {


    private final DatasetService datasets;
    private final DatasetProperties properties;

    DatasetController(DatasetService datasets, DatasetProperties properties) {
        this.datasets = datasets;
        this.properties = properties;
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
    @Operation(operationId = "getDataset", summary = "A dataset's metadata and column summaries")
    @ProblemResponses({400, 404})
    DatasetResponse get(@PathVariable String id) {
        var datasetId = Ids.parse("id", id);
        return datasets.find(datasetId, Caller.current()).map(DatasetResponse::of)
                .orElseThrow(() -> new DatasetNotFoundException(datasetId));
    }

    @GetMapping("/{id}/rows")
    @Operation(operationId = "getDatasetRows", summary = "A window of a dataset's rows")
    @ProblemResponses({400, 404})
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
