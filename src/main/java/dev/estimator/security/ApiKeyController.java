package dev.estimator.security;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.estimator.web.Ids;
import dev.estimator.web.PageResponse;
import dev.estimator.web.ProblemResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Key management of API.md's "Security"; administrators only (the filter chain refuses anyone else). */
@RestController
@Tag(name = "Keys", description = "API keys (administrators only): create, list, revoke")
@RequestMapping(ApiKeyController.BASE)
class ApiKeyController {

    static final String BASE = "/api/v1/keys";

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    @PostMapping
    @Operation(operationId = "createKey", summary = "Create an API key; the answer is the only time the key is shown")
    @ApiResponse(responseCode = "201", description = "Created; keep the key, it cannot be shown again")
    @ProblemResponses({400, 403})
    ResponseEntity<CreatedApiKey> create(@RequestBody(required = false) CreateApiKeyRequest request) {
        CreatedApiKey created = keys.create(request);
        return ResponseEntity.created(URI.create(BASE + "/" + created.id())).body(created);
    }

    @GetMapping
    @Operation(operationId = "listKeys", summary = "API keys without their secrets: those provisioned from the configuration (configured: true), then the stored ones, newest first")
    @ProblemResponses({400, 403})
    PageResponse<ApiKey> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return keys.list(page, size);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "revokeKey", summary = "Revoke an API key, at once; 409 for a key provisioned from the configuration, or the last administrator key")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ProblemResponses({400, 403, 404, 409})
    ResponseEntity<Void> revoke(@PathVariable String id) {
        keys.revoke(Ids.parse("id", id));
        return ResponseEntity.noContent().build();
    }
}
