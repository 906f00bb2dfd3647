package dev.estimator.search;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.estimator.security.Caller;
import dev.estimator.web.Ids;
import dev.estimator.web.PageResponse;
import dev.estimator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The model-selection endpoints of API.md. */
@RestController
@Tag(name = "Searches", description = "Choose learning rates and penalties by grid search with k-fold cross-validation")
@RequestMapping(SearchController.BASE)
class SearchController {

    static final String BASE = "/api/v1/searches";
    /** Seconds a client should wait before polling an unfinished search again. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final SearchService searches;
    private final SearchEvents events;

    SearchController(SearchService searches, SearchEvents events) {
        this.searches = searches;
        this.events = events;
    }

    @PostMapping
    @Operation(operationId = "submitSearch", summary = "Validate a search and queue one job per combination and fold")
    @ApiResponse(responseCode = "202", description = "Accepted; Location names the search",
            headers = {@Header(name = "Location", description = "The new search",
                    schema = @Schema(type = "string", format = "uri-reference")),
                    @Header(name = "Retry-After", description = "Seconds until the next poll is worth making",
                            schema = @Schema(type = "integer"))})
    @ProblemResponses(400)
    ResponseEntity<SearchResponse> submit(@RequestBody(required = false) SearchRequest request) {
        return entity(searches.submit(request, Caller.current()), HttpStatus.ACCEPTED);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getSearch", summary = "A search: progress, each candidate's fold scores, the best")
    @ApiResponse(responseCode = "200", description = "The search",
            headers = @Header(name = "Retry-After", description = "While the search is not finished: seconds until "
                    + "the next poll is worth making", schema = @Schema(type = "integer")))
    @ProblemResponses({400, 404})
    ResponseEntity<SearchResponse> get(@PathVariable String id) {
        return entity(searches.get(Ids.parse("id", id), Caller.current()), HttpStatus.OK);
    }

    /** Long poll: held until the status or progress changes, or {@code waitSeconds} (at most 30) pass. */
    @GetMapping(path = "/{id}", params = "waitSeconds")
    @Operation(operationId = "getSearch", summary = "A search: progress, each candidate's fold scores, the best")
    @ApiResponse(responseCode = "200", description = "The search",
            headers = @Header(name = "Retry-After", description = "While the search is not finished: seconds until "
                    + "the next poll is worth making", schema = @Schema(type = "integer")))
    @ProblemResponses({400, 404})
    DeferredResult<ResponseEntity<SearchResponse>> await(@PathVariable String id,
            @Parameter(required = false, description = "Hold the request up to this many seconds (at most 30) "
                    + "until the search's status or progress changes", schema = @Schema(type = "integer",
                    minimum = "0", maximum = "30")) @RequestParam(required = false) Integer waitSeconds) {
        // required = false only for the document: this mapping is chosen when the parameter is present
        if (waitSeconds == null) {
            throw SearchService.invalidParameter("waitSeconds", "must be a whole number of seconds");
        }
        if (waitSeconds < 0) {
            throw SearchService.invalidParameter("waitSeconds", "must be 0 or more");
        }
        return events.await(searches.get(Ids.parse("id", id), Caller.current()), waitSeconds);
    }

    @GetMapping("/{id}/events")
    @Operation(operationId = "streamSearchEvents",
            summary = "Server-sent events: progress as the search's fold jobs finish, then one status event")
    @ApiResponse(responseCode = "200", description = "progress events ({jobsDone, jobsTotal}) as fold jobs finish, "
            + "then one status event with the finished search",
            content = @Content(mediaType = "text/event-stream", schema = @Schema(type = "string")))
    @ProblemResponses({400, 404})
    SseEmitter events(@PathVariable String id) {
        return events.open(searches.get(Ids.parse("id", id), Caller.current()));
    }

    @GetMapping
    @Operation(operationId = "listSearches", summary = "Searches, newest first")
    @ProblemResponses(400)
    PageResponse<SearchResponse> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return searches.list(Caller.current(), page, size);
    }

    @PostMapping("/{id}/cancel")
    @Operation(operationId = "cancelSearch", summary = "Cancel a search and its queued and running jobs")
    @ApiResponse(responseCode = "202", description = "Cancelled; running jobs stop after their current iteration")
    @ProblemResponses({400, 404, 409})
    ResponseEntity<SearchResponse> cancel(@PathVariable String id) {
        return entity(searches.cancel(Ids.parse("id", id), Caller.current()), HttpStatus.ACCEPTED);
    }

    /** The search with Retry-After while it is not finished, and Location when it was just accepted. */
    static ResponseEntity<SearchResponse> entity(SearchResponse search, HttpStatus status) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (!search.status().isTerminal()) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (status == HttpStatus.ACCEPTED && search.status() != SearchStatus.CANCELLED) {
            builder.location(URI.create(BASE + "/" + search.id()));
        }
        return builder.body(search);
    }
}
