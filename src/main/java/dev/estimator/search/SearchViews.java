package dev.estimator.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.estimator.job.JobError;
import dev.estimator.job.JobSnapshot;
import dev.estimator.job.JobStatus;

/**
 * A search's candidates, scores and best from its recorded jobs, with the live status of the jobs not recorded
 * yet.
 */
final class SearchViews {

    static final String NO_SCORE = "NO_SCORE";
    static final String CANCELLED = "CANCELLED";

    private SearchViews() {
    }

    /** The candidates in grid order. */
    static List<SearchResponse.Candidate> candidates(SearchPlan plan, List<SearchChild> children,
            Map<UUID, JobSnapshot> live) {
        List<SearchResponse.Candidate> out = new ArrayList<>(plan.candidates().size());
        SearchChild[][] byCandidate = new SearchChild[plan.candidates().size()][plan.folds()];
        for (SearchChild c : children) {
            byCandidate[c.candidate()][c.fold()] = c;
        }
        for (int c = 0; c < byCandidate.length; c++) {
            out.add(candidate(plan, c, byCandidate[c], live));
        }
        return out;
    }

    private static SearchResponse.Candidate candidate(SearchPlan plan, int c, SearchChild[] folds,
            Map<UUID, JobSnapshot> live) {
        List<Double> scores = new ArrayList<>(folds.length);
        JobError failed = null;
        JobError cancelled = null;
        boolean started = false;
        boolean complete = true;
        for (int f = 0; f < folds.length; f++) {
            SearchChild child = folds[f];
            JobSnapshot job = child == null ? null : live.get(child.jobId());
            JobStatus status = child == null ? null : child.recorded() ? child.status()
                    : job != null && job.status() != JobStatus.SUCCEEDED ? job.status() : null;
            Double score = child != null && child.recorded() ? child.score() : null;
            scores.add(score);
            if (status == JobStatus.FAILED && failed == null) {
                failed = child.recorded() ? new JobError(child.errorCode(), child.errorMessage()) : job.error();
            } else if (status == JobStatus.SUCCEEDED && score == null && failed == null) {
                failed = new JobError(NO_SCORE, "fold " + f + ": the validation " + plan.metric().apiName()
                        + " is undefined (e.g. too few rows or a single class in the fold)");
            } else if (status == JobStatus.CANCELLED && cancelled == null) {
                cancelled = new JobError(CANCELLED, "the job of fold " + f + " was cancelled");
            }
            complete &= status == JobStatus.SUCCEEDED && score != null;
            started |= job != null ? job.status() != JobStatus.QUEUED : status != null;
        }
        Map<String, Object> params = plan.candidates().get(c);
        if (failed != null) {
            return new SearchResponse.Candidate(params, null, null, scores, "FAILED", failed);
        }
        if (cancelled != null) {
            return new SearchResponse.Candidate(params, null, null, scores, "CANCELLED", cancelled);
        }
        if (!complete) {
            return new SearchResponse.Candidate(params, null, null, scores, started ? "RUNNING" : "QUEUED", null);
        }
        double mean = 0.0;
        for (Double s : scores) {
            mean += s;
        }
        mean /= scores.size();
        Double std = null;
        if (scores.size() > 1) {
            double ss = 0.0;
            for (Double s : scores) {
                ss += (s - mean) * (s - mean);
            }
            std = Math.sqrt(ss / (scores.size() - 1));
        }
        return new SearchResponse.Candidate(params, mean, std, scores, "SUCCEEDED", null);
    }

    /** Index of the SUCCEEDED candidate with the best mean (the first of equals), or -1. */
    static int best(SearchPlan plan, List<SearchResponse.Candidate> candidates) {
        int best = -1;
        for (int c = 0; c < candidates.size(); c++) {
            SearchResponse.Candidate candidate = candidates.get(c);
            if (candidate.status().equals("SUCCEEDED") && Double.isFinite(candidate.mean())
                    && (best < 0 || plan.metric().better(candidate.mean(), candidates.get(best).mean()))) {
                best = c;
            }
        }
        return best;
    }

    /** Candidates whose every fold has finished: scored or failed. */
    static long evaluated(List<SearchResponse.Candidate> candidates) {
        return candidates.stream().filter(c -> c.status().equals("SUCCEEDED") || c.status().equals("FAILED")).count();
    }
}
