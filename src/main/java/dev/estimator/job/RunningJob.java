package dev.estimator.job;

import java.util.UUID;

/**
 * A claimed job while this instance trains it, with the flags other threads raise and the trainer's
 * listener reads every iteration: cancel (a client asked), fenced (the heartbeat or a flush found the job
 * owned by a later attempt: write nothing more), release (shutdown: checkpoint and hand it back) and
 * abandoned (its writes failed for longer than the outage tolerance: stop and leave the job to its lease).
 */
final class RunningJob {

    private final ClaimedJob claim;
    private volatile boolean cancelRequested;
    private volatile boolean fenced;
    private volatile boolean releaseRequested;
    private volatile boolean abandoned;

    RunningJob(ClaimedJob claim) {
        this.claim = claim;
        this.cancelRequested = claim.cancelRequested();
    }

    ClaimedJob claim() {
        return claim;
    }

    UUID id() {
        return claim.id();
    }

    /** The job's name, null if it has none. */
    String name() {
        return claim.name();
    }

    int attempt() {
        return claim.attempt();
    }

    void requestCancel() {
        cancelRequested = true;
    }

    boolean cancelRequested() {
        return cancelRequested;
    }

    void fence() {
        fenced = true;
    }

    boolean fenced() {
        return fenced;
    }

    void requestRelease() {
        releaseRequested = true;
    }

    boolean releaseRequested() {
        return releaseRequested;
    }

    void abandon() {
        abandoned = true;
    }

    boolean abandoned() {
        return abandoned;
    }
}
