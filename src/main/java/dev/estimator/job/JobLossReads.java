package dev.estimator.job;

import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Service;

import dev.estimator.security.Caller;

/** Reads a job's loss history for the API: a window of it, or a window reduced for a chart. */
@Service
class JobLossReads {

    static final int MAX_LOSS_POINTS = 10_000;

    private final JobService jobs;
    private final JobLossHistory lossHistory;

    JobLossReads(JobService jobs, JobLossHistory lossHistory) {
        this.jobs = jobs;
        this.lossHistory = lossHistory;
    }

    /**
     * The loss history from iteration {@code from}: at most {@code limit} points (default and at most
     * {@value #MAX_LOSS_POINTS}); or, with {@code maxPoints}, that window (default: the rest of the history)
     * reduced to at most {@code maxPoints} points by {@link LossDownsampler}.
     */
    LossHistory loss(UUID id, Caller caller, int from, Integer limit, Integer maxPoints) {
        if (from < 0) {
            throw JobService.invalidParameter("from", "must be 0 or more");
        }
        if (maxPoints == null) {
            int window = limit == null ? MAX_LOSS_POINTS : limit;
            if (window < 1 || window > MAX_LOSS_POINTS) {
                throw JobService.invalidParameter("limit", "must be between 1 and " + MAX_LOSS_POINTS);
            }
            jobs.require(id, caller);
            return new LossHistory(id, lossHistory.read(id, from, window));
        }
        if (maxPoints < 2 || maxPoints > MAX_LOSS_POINTS) {
            throw JobService.invalidParameter("maxPoints", "must be between 2 and " + MAX_LOSS_POINTS);
        }
        if (limit != null && limit < 1) {
            throw JobService.invalidParameter("limit", "must be 1 or more");
        }
        Job job = jobs.require(id, caller);
        long window = limit == null ? Long.MAX_VALUE : limit;
        // the job row counts the iterations stored with it, so the history ends at iteration - 1 (as read now)
        long end = Math.min((long) job.iteration() - 1, from + window - 1);
        LossDownsampler sampler = new LossDownsampler(maxPoints, from, (int) Math.max(from, end));
        int next = from;
        long read = 0;
        while (read < window) {
            List<LossPoint> page = lossHistory.read(id, next, (int) Math.min(MAX_LOSS_POINTS, window - read));
            page.forEach(sampler::accept);
            read += page.size();
            if (page.size() < MAX_LOSS_POINTS) {
                break;
            }
            next = page.get(page.size() - 1).iteration() + 1;
        }
        return new LossHistory(id, sampler.points());
    }
}
