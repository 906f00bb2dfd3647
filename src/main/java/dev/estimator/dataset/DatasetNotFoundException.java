package dev.estimator.dataset;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.estimator.web.ApiException;

/**
 * The dataset does not exist (or was deleted). Renders as a 404; a job that meets it while loading its
 * frame can catch it by type.
 */
public class DatasetNotFoundException extends ApiException {

    private final UUID datasetId;

    public DatasetNotFoundException(UUID datasetId) {
        super(HttpStatus.NOT_FOUND, "not-found", "Resource not found", "dataset " + datasetId + " does not exist");
        this.datasetId = datasetId;
    }

    public UUID datasetId() {
        return datasetId;
    }
}
