package dev.estimator.dataset;

import java.util.UUID;

import dev.estimator.domain.NotFound;

/**
 * The dataset does not exist (or was deleted). A job that meets it while loading its frame can catch it
 * by type.
 */
public class DatasetNotFoundException extends NotFound {

    private final UUID datasetId;

    public DatasetNotFoundException(UUID datasetId) {
        super("dataset", datasetId);
        this.datasetId = datasetId;
    }

    public UUID datasetId() {
        return datasetId;
    }
}
