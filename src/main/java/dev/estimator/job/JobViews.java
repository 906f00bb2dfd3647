package dev.estimator.job;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns stored jobs into what the API returns, and the JSON columns (spec, result, model) into objects and
 * back. Stored JSON is read leniently (unknown fields ignored) so that rows written by a newer version stay
 * readable.
 */
@Component
class JobViews {

    /** Seconds a client should wait before polling an unfinished job again. */
    static final String RETRY_AFTER_SECONDS = "1";

    private final JsonMapper json;

    JobViews(JsonMapper json) {
        this.json = json;
    }

    JobResponse response(Job job) {
        return JobResponse.of(job, read(job.spec(), JobSpec.class));
    }

    /** The job with Retry-After while it is not finished, and Location when it was just accepted. */
    ResponseEntity<JobResponse> entity(JobResponse job, HttpStatus status) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (!job.status().isTerminal()) {
            builder.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (status == HttpStatus.ACCEPTED) {
            builder.location(URI.create(JobController.BASE + "/" + job.id()));
        }
        return builder.body(job);
    }

    ResponseEntity<JobResponse> entity(Job job) {
        return entity(response(job), HttpStatus.OK);
    }

    String write(Object value) {
        return json.writeValueAsString(value);
    }

    <T> T read(String text, Class<T> type) {
        ObjectReader reader = json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        return reader.readValue(text);
    }
}
