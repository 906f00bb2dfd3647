package dev.estimator.job;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.estimator.database.OwnerLocks;
import dev.estimator.domain.Conflict;
import dev.estimator.domain.FieldError;
import dev.estimator.domain.InvalidInput;
import dev.estimator.domain.PageResponse;
import dev.estimator.domain.PageSize;
import dev.estimator.security.Caller;
import dev.estimator.security.Quotas;

/**
 * Training jobs for the rest of the service (the REST controller, searches): submit, read, list, cancel, result
 * and predictions. Refusals are domain errors ({@link InvalidSpec}, {@link JobNotFound}, {@link QueueFull},
 * {@link JobFinished}…); the loss history is read by {@link JobLossReads}, long polls and events by
 * {@link JobWatch}.
 */
@Service
public class JobService {

    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
    /** Reads of unfinished jobs' rows in flight at a time for polls; concurrent polls beyond them share reads. */
    static final int MAX_SHARED_READS = 2;

    private final JobRepository repository;
    private final JobLossHistory lossHistory;
    private final JobSpecValidator validator;
    private final JobViews views;
    private final JobViewCache cache;
    private final SharedReads reads;
    private final JobRunner runner;
    private final JobEvents events;
    private final JobMetrics metrics;
    private final JobProperties properties;
    private final Quotas quotas;
    private final OwnerLocks locks;
    private final Clock clock;
    private volatile int maxQueued;

    JobService(JobRepository repository, JobLossHistory lossHistory, JobSpecValidator validator, JobViews views,
            JobViewCache cache, JobRunner runner, JobEvents events, JobMetrics metrics, JobProperties properties,
            Quotas quotas, OwnerLocks locks, Clock clock) {
        this.repository = repository;
        this.lossHistory = lossHistory;
        this.validator = validator;
        this.views = views;
        this.cache = cache;
        this.reads = new SharedReads(MAX_SHARED_READS, repository::findWithoutSpec);
        this.runner = runner;
        this.events = events;
        this.metrics = metrics;
        this.properties = properties;
        this.quotas = quotas;
        this.locks = locks;
        this.clock = clock;
        this.maxQueued = properties.maxQueued();
    }

    /** @param created false when the idempotency key repeats an earlier submission, which is returned */
    public record Submission(JobResponse job, boolean created) {
    }

    /**
     * Validates the spec, fills in its defaults and queues the job.
     *
     * @param idempotencyKey null, or a key that makes a repeated submission return the first one's job
     * @param searchId       the search this job belongs to, or null
     * @param caller         who submits it: the job's owner, who must be able to see the dataset
     * @throws InvalidSpec naming every invalid field (an unknown dataset, or another owner's)
     * @throws dev.estimator.security.QuotaExceeded when the owner's active-jobs quota is full
     * @throws QueueFull when the queue is
     */
    public Submission submit(JobSpec spec, String idempotencyKey, UUID searchId, Caller caller) {
        if (idempotencyKey != null) {
            if (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
                throw new InvalidInput("the Idempotency-Key header must have 1 to " + MAX_IDEMPOTENCY_KEY_LENGTH
                        + " characters", List.of(new FieldError("Idempotency-Key", "invalid length")));
            }
            Optional<Job> earlier = repository.findByIdempotencyKey(caller.owner(), idempotencyKey);
            if (earlier.isPresent()) {
                return new Submission(views.response(earlier.get()), false);
            }
        }
        JobSpec valid = validator.validate(spec, caller);
        UUID id = UUID.randomUUID();
        // the database keeps microseconds: truncate so that the answer equals every later read
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        try {
            // the owner's count and the insert under the owner's lock, so that concurrent submissions cannot
            // together pass the quota
            locks.whileHolding(OwnerLocks.Purpose.SUBMISSIONS, caller.owner(), () -> {
                quotas.checkActiveJobs(caller.owner(), repository.countActiveOf(caller.owner()));
                long queued = repository.countQueued();
                if (queued >= maxQueued) {
                    throw new QueueFull(queued, maxQueued);
                }
                repository.insert(new NewJob(id, valid.name(), UUID.fromString(valid.datasetId()), searchId,
                        views.write(valid), valid.optimizer().maxIterations(), now, idempotencyKey, caller.owner()));
                return null;
            });
        } catch (DuplicateKeyException e) {
            // a concurrent request with the same key won the race
            Job earlier = repository.findByIdempotencyKey(caller.owner(), idempotencyKey).orElseThrow(() -> e);
            return new Submission(views.response(earlier), false);
        }
        JobResponse job = views.response(require(id, caller));
        submitted();
        return new Submission(job, true);
    }

    /** For a search: queues a job of the search {@code searchId} as {@link #submit} does, and returns its id. */
    public UUID submitForSearch(JobSpec spec, UUID searchId, Caller owner) {
        return submit(spec, null, searchId, owner).job().id();
    }

    /**
     * Counts the job and has the runner claim it now; inside a caller's transaction (a search's), once that
     * commits, so that a batch rolled back neither counts nor wakes.
     */
    private void submitted() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    metrics.submitted();
                    runner.wake();
                }
            });
        } else {
            metrics.submitted();
            runner.wake();
        }
    }

    /**
     * The spec with every default filled in, as {@link #submit} would queue it, without queueing anything.
     *
     * @throws InvalidSpec naming every invalid field
     */
    public JobSpec validate(JobSpec spec, Caller caller) {
        return validator.validate(spec, caller);
    }

    /** Every job of a search, oldest first. */
    public List<JobSnapshot> bySearch(UUID searchId) {
        return repository.bySearch(searchId).stream().map(JobSnapshot::of).toList();
    }

    /** Cancels every QUEUED and RUNNING job of a search, as {@link #cancel} does one; finished ones stay as they are. */
    public void cancelBySearch(UUID searchId, Caller caller) {
        for (Job job : repository.bySearch(searchId)) {
            if (!job.status().isTerminal()) {
                try {
                    cancel(job.id(), caller);
                } catch (JobFinished e) {
                    // it finished meanwhile
                }
            }
        }
    }

    /**
     * A finished job from the cache (it never changes); any other from a read of its row that started after
     * this call (shared with concurrent polls), without the spec when the spec is cached (it never changes
     * either).
     *
     * @throws JobNotFound if it does not exist or the caller may not see it
     */
    public JobResponse get(UUID id, Caller caller) {
        JobViewCache.Owned<JobResponse> finished = cache.finished(id);
        if (finished != null) {
            return visible(id, caller, finished).value();
        }
        JobViewCache.Owned<JobSpec> spec = cache.spec(id);
        if (spec == null) {
            return views.response(require(id, caller));
        }
        visible(id, caller, spec);
        Job job = reads.read(id).orElseThrow(() -> new JobNotFound(id));
        return views.response(job, spec.value());
    }

    /** The jobs the caller may see, newest first; null filters match every job. */
    public PageResponse<JobResponse> list(Caller caller, JobStatus status, UUID datasetId, UUID searchId, int page,
            int size) {
        if (page < 0) {
            throw invalidParameter("page", "must be 0 or more");
        }
        if (size < 1) {
            throw invalidParameter("size", "must be 1 or more");
        }
        size = PageSize.clamp(size);
        long total = repository.count(caller.scope(), status, datasetId, searchId);
        List<JobResponse> content = repository.page(caller.scope(), status, datasetId, searchId, (long) page * size,
                size).stream()
                .map(views::response).toList();
        return PageResponse.of(content, page, size, total);
    }

    /**
     * A QUEUED job becomes CANCELLED at once; a RUNNING one stops after its current iteration, keeping its
     * loss history.
     *
     * @throws JobNotFound if the caller may not see it
     * @throws JobFinished if the job already finished
     */
    public JobResponse cancel(UUID id, Caller caller) {
        // a job can move on between the read and the update (claimed, released): look again
        for (int tries = 0; tries < 3; tries++) {
            Job job = require(id, caller);
            if (job.status().isTerminal()) {
                throw new JobFinished(id, job.status());
            }
            if (job.status() == JobStatus.QUEUED && repository.cancelQueued(id, clock.instant())) {
                metrics.finished(JobStatus.CANCELLED, null);
                events.stopped(id);
                return get(id, caller);
            }
            if (job.status() == JobStatus.RUNNING && repository.requestCancel(id)) {
                runner.cancelLocally(id);
                events.changed(id);
                return get(id, caller);
            }
        }
        return get(id, caller);
    }

    /**
     * The lowest validation loss in the job's stored history: for a job that stopped early, the validation loss
     * of the parameters it kept (its last iteration's is worse by then). Null without validation rows.
     *
     * @throws JobNotFound if it does not exist or the caller may not see it
     */
    public Double lowestValidationLoss(UUID id, Caller caller) {
        require(id, caller);
        return lossHistory.lowestValidationLoss(id);
    }

    /** @throws Conflict until the job SUCCEEDED */
    public JobResult result(UUID id, Caller caller) {
        return views.read(succeeded(id, caller).result(), JobResult.class);
    }

    /** @throws InvalidInput naming bad rows and columns; Conflict until the job SUCCEEDED */
    public Predictions predict(UUID id, Caller caller, PredictionRequest request) {
        StoredResult stored = succeeded(id, caller);
        if (request == null || request.rows() == null || request.rows().isEmpty()) {
            throw invalidParameter("rows", "must hold at least one row");
        }
        if (request.rows().size() > properties.maxPredictionRows()) {
            throw invalidParameter("rows", "at most " + properties.maxPredictionRows() + " rows a request");
        }
        StoredModel model = views.read(stored.model(), StoredModel.class);
        return new Predictions(PredictionRows.predict(model, request.rows()));
    }

    /** Overrides {@code estimator.jobs.max-queued} at run time (operations; tests use it to fill the queue). */
    void maxQueued(int limit) {
        this.maxQueued = limit;
    }

    private StoredResult succeeded(UUID id, Caller caller) {
        Job job = require(id, caller);
        if (job.status() != JobStatus.SUCCEEDED) {
            Conflict e = new Conflict("job-not-succeeded", "Job has no result",
                    "job " + id + " is " + job.status() + "; a result exists once it has SUCCEEDED");
            if (!job.status().isTerminal()) {
                e.retryAfter(JobViews.RETRY_AFTER_SECONDS);
            }
            throw e;
        }
        return repository.result(id).orElseThrow(() -> new IllegalStateException("job " + id + " has no stored result"));
    }

    /** The job, if the caller may see it; another owner's job is as absent as an unknown one. */
    Job require(UUID id, Caller caller) {
        return repository.find(id).filter(job -> caller.canSee(job.owner()))
                .orElseThrow(() -> new JobNotFound(id));
    }

    static <T> JobViewCache.Owned<T> visible(UUID id, Caller caller, JobViewCache.Owned<T> known) {
        if (!caller.canSee(known.owner())) {
            throw new JobNotFound(id);
        }
        return known;
    }

    static InvalidInput invalidParameter(String name, String message) {
        return InvalidInput.parameter(name, message);
    }
}
