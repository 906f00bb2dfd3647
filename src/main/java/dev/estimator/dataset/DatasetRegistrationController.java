package dev.estimator.dataset;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.estimator.security.Caller;
import dev.estimator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * {@code POST /api/v1/datasets} with a JSON body: a dataset by reference (Parquet or CSV parts read by Spark).
 * Answers 202 with the dataset {@code PROFILING}; it becomes {@code READY} or {@code FAILED} once its profiling
 * run ends (poll it, with {@code waitSeconds} to hold the request).
 */
@RestController
@Tag(name = "Datasets", description = "Upload CSV datasets, read their column summaries and rows, delete them")
@RequestMapping("/api/v1/datasets")
class DatasetRegistrationController {

    /** Seconds a client may wait before polling a dataset being profiled again. */
    static final String PROFILING_RETRY_AFTER = "2";

    private final DatasetRegistrar registrar;

    DatasetRegistrationController(DatasetRegistrar registrar) {
        this.registrar = registrar;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "registerDataset", summary = "Register a dataset by reference (Parquet or CSV read by "
            + "Spark); it is profiled in the background")
    @ApiResponse(responseCode = "202", description = "Accepted: the dataset, PROFILING",
            headers = {@Header(name = "Location", description = "The new dataset",
                    schema = @Schema(type = "string", format = "uri-reference")),
                @Header(name = "Retry-After", description = "Seconds until a poll is worth making",
                        schema = @Schema(type = "integer"))})
    @ProblemResponses({400, 403, 415})
    ResponseEntity<DatasetResponse> register(@RequestBody RegistrationRequest request) {
        Dataset dataset = registrar.register(request, Caller.current().owner());
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/datasets/" + dataset.id()))
                .header("Retry-After", PROFILING_RETRY_AFTER)
                .body(DatasetResponse.of(dataset));
    }
}
