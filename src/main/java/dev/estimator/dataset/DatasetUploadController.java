package dev.estimator.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.estimator.security.Caller;
import dev.estimator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /api/v1/datasets}: a CSV as the raw body ({@code text/csv}) or as the {@code file} part of a
 * form ({@code multipart/form-data}). Any other content type is a 415 (Spring answers it: no mapping
 * consumes it). The raw body is read from the servlet's stream, never buffered by a message converter.
 */
@RestController
@Tag(name = "Datasets", description = "Upload CSV datasets, read their column summaries and rows, delete them")
@RequestMapping("/api/v1/datasets")
class DatasetUploadController {

    static final String DEFAULT_NAME = "dataset";
    static final int MAX_NAME_LENGTH = 255;

    private final DatasetUploader uploader;
    private final UploadLimit limit;

    DatasetUploadController(DatasetUploader uploader, UploadLimit limit) {
        this.uploader = uploader;
        this.limit = limit;
    }

    @PostMapping(consumes = "text/csv")
    @Operation(operationId = "uploadDataset", summary = "Upload a CSV as a new dataset, or register one by reference "
            + "(a JSON body: Parquet or CSV read by Spark, profiled in the background)")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The new dataset",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ProblemResponses({400, 413, 415})
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ResponseEntity<DatasetResponse> uploadCsv(HttpServletRequest request,
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "true") boolean header,
            @RequestParam(defaultValue = ",") String delimiter,
            @RequestParam(required = false) String categorical) throws IOException {
        UploadOptions options = options(name, DEFAULT_NAME, header, delimiter, categorical);
        // A declared length over the limit is refused before a byte is read; a chunked body is counted.
        checkDeclaredSize(request.getContentLengthLong());
        Caller caller = Caller.current();
        uploader.checkRoom(caller.owner());
        return created(uploader.upload(new ClientBodyInputStream(request.getInputStream()), options, caller.owner()));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadDataset", summary = "Upload a CSV as a new dataset, or register one by reference "
            + "(a JSON body: Parquet or CSV read by Spark, profiled in the background)")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The new dataset",
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ProblemResponses({400, 413, 415})
    ResponseEntity<DatasetResponse> uploadMultipart(@RequestPart("file") MultipartFile file,
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "true") boolean header,
            @RequestParam(defaultValue = ",") String delimiter,
            @RequestParam(required = false) String categorical) throws IOException {
        String fileName = file.getOriginalFilename();
        UploadOptions options = options(name, fileName == null ? DEFAULT_NAME : fileName, header, delimiter,
                categorical);
        checkDeclaredSize(file.getSize());
        Caller caller = Caller.current();
        uploader.checkRoom(caller.owner());
        // The container has already stored the part on disk; reading it is not a client failure.
        try (InputStream in = file.getInputStream()) {
            return created(uploader.upload(in, options, caller.owner()));
        }
    }

    private void checkDeclaredSize(long declared) {
        long max = limit.maxBytes();
        if (declared > max) {
            throw CsvProblems.tooLarge(max);
        }
    }

    private static ResponseEntity<DatasetResponse> created(Dataset dataset) {
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + dataset.id()))
                .body(DatasetResponse.of(dataset));
    }

    private static UploadOptions options(String name, String defaultName, boolean header, String delimiter,
            String categorical) {
        String datasetName;
        if (name != null) {
            datasetName = name.strip();
            if (datasetName.isEmpty() || datasetName.length() > MAX_NAME_LENGTH || datasetName.indexOf('\0') >= 0) {
                throw CsvProblems.invalidParameter("name", "must be 1 to " + MAX_NAME_LENGTH + " characters");
            }
        } else {
            // A file name is not the client's choice of dataset name: shorten it rather than refuse it.
            datasetName = defaultName.replace("\0", "").strip();
            if (datasetName.isEmpty()) {
                datasetName = DEFAULT_NAME;
            } else if (datasetName.length() > MAX_NAME_LENGTH) {
                datasetName = datasetName.substring(0, MAX_NAME_LENGTH);
            }
        }
        if (delimiter.length() != 1 || delimiter.charAt(0) == '"' || delimiter.charAt(0) == '\r'
                || delimiter.charAt(0) == '\n') {
            throw CsvProblems.invalidParameter("delimiter", "must be one character other than a quote or a line break");
        }
        Set<String> categoricalColumns = categorical == null ? Set.of()
                : Arrays.stream(categorical.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .collect(Collectors.toUnmodifiableSet());
        return new UploadOptions(datasetName, header, delimiter.charAt(0), categoricalColumns);
    }
}
