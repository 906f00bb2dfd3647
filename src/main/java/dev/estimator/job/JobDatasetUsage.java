package dev.estimator.job;

import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.estimator.dataset.DatasetUsage;

/** A dataset may not be deleted while a QUEUED or RUNNING job will read it. */
@Component
class JobDatasetUsage implements DatasetUsage {

    private final JobRepository repository;

    JobDatasetUsage(JobRepository repository) {
        this.repository = repository;
    }

    @Override
    public boolean inUse(UUID datasetId) {
        return repository.inUse(datasetId);
    }
}
