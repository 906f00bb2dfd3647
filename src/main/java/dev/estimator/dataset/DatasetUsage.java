package dev.estimator.dataset;

import java.util.UUID;

/**
 * Tells whether a dataset may be deleted. The job package implements it (a queued or running job reads the
 * dataset); without an implementation every dataset is free to delete.
 */
public interface DatasetUsage {

    /** True while a queued or running job uses the dataset. */
    boolean inUse(UUID datasetId);
}
