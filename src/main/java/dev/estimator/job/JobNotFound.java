package dev.estimator.job;

import java.util.UUID;

import dev.estimator.domain.NotFound;

/** The job does not exist, or belongs to another owner. */
public class JobNotFound extends NotFound {

    public JobNotFound(UUID id) {
        super("job", id);
    }
}
