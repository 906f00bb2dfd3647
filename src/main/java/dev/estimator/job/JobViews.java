package dev.estimator.job;

import java.net.URI;
import java.util.Collections;

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
    static final int RETRY_AFTER_SECONDS = 1;

    private final JsonMapper json;
    private final ObjectReader specReader;
    private final JobViewCache cache;

    JobViews(JsonMapper json, JobViewCache cache) {
        this.json = json;
        this.specReader = lenient(JobSpec.class);
        this.cache = cache;
    }

    JobResponse response(Job job) {
        return response(job, null);
    }

    /**
     * @param spec the job's spec if the caller has it (then {@code job.spec()} may be null), else null: it is
     *             taken from the cache, else parsed from the row
     */
    JobResponse response(Job job, JobSpec spec) {
        JobViewCache.Owned<JobResponse> finished = cache.finished(job.id());
        if (finished != null) {
            return finished.value();
        }
        if (spec == null) {
            JobViewCache.Owned<JobSpec> known = cache.spec(job.id());
            spec = known == null ? null : known.value();
        }
        if (spec == null) {
            spec = unmodifiable(specReader.readValue(job.spec()));
            if (!job.status().isTerminal()) {
                cache.spec(job.id(), job.owner(), spec);
            }
        }
        JobResponse response = JobResponse.of(job, spec);
        cache.remember(response, job.owner());
        return response;
    }

    /** Cached responses are shared between requests: their spec's one mutable part must not change. */
    private static JobSpec unmodifiable(JobSpec s) {
        if (s.features() == null) {
            return s;
        }
        return new JobSpec(s.datasetId(), s.name(), s.target(), Collections.unmodifiableList(s.features()), s.weights(),
                s.offset(), s.model(),
                s.fitIntercept(), s.standardize(), s.missing(), s.huberDelta(), s.regularization(), s.optimizer(),
                s.validation(), s.maxRuntimeSeconds(), s.seed(), s.engine());
    }

    /** The job with Retry-After while it is not finished, and Location when it was just accepted. */
    ResponseEntity<JobResponse> entity(JobResponse job, HttpStatus status) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (!job.status().isTerminal()) {
            builder.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
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
        return lenient(type).readValue(text);
    }

    private ObjectReader lenient(Class<?> type) {
        return json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
