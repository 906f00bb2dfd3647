package dev.estimator.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import dev.estimator.job.JobSpec;

/**
 * A valid search: its request with every default filled in (as stored), and what follows from it — the
 * candidates (every combination of the grid's values, the first path varying slowest) and the spec of each job.
 */
record SearchPlan(SearchRequest request, SearchMetric metric, List<Map<String, Object>> candidates) {

    static SearchPlan of(SearchRequest request) {
        SearchMetric metric = SearchMetric.parse(request.metric()).orElseThrow();
        return new SearchPlan(request, metric, combinations(request.grid()));
    }

    int folds() {
        return request.folds();
    }

    boolean refit() {
        return request.refit();
    }

    /** Cross-validation jobs: candidates × folds. */
    int foldJobs() {
        return candidates.size() * folds();
    }

    /** The job that scores candidate {@code c} on fold {@code fold}. */
    JobSpec foldSpec(GridPaths paths, int c, int fold) {
        String label = folds() >= 2 ? "fold " + (fold + 1) + " of " + folds() : "validation split";
        return foldSpec(paths, candidates.get(c), fold, name(c, label));
    }

    /** The spec of a job holding out {@code fold}, with the given grid values. */
    JobSpec foldSpec(GridPaths paths, Map<String, Object> values, int fold, String name) {
        JobSpec s = paths.apply(request.base(), values);
        JobSpec.Validation v = s.validation();
        JobSpec.Validation held = folds() >= 2 ? new JobSpec.Validation(0.0, v.patience(), folds(), fold)
                : new JobSpec.Validation(v.fraction(), v.patience(), null, null);
        return withValidation(s, held, name);
    }

    /** The final job on all rows with candidate {@code c}'s values. */
    JobSpec refitSpec(GridPaths paths, int c) {
        JobSpec s = paths.apply(request.base(), candidates.get(c));
        return withValidation(s, new JobSpec.Validation(0.0, s.validation().patience(), null, null), name(c, "refit"));
    }

    private String name(int c, String label) {
        StringJoiner params = new StringJoiner(", ");
        candidates.get(c).forEach((path, value) -> params.add(path + "=" + value));
        String base = request.name() != null ? request.name() : "search";
        String name = base + " [" + params + (params.length() > 0 ? "; " : "") + label + "]";
        return name.length() <= 255 ? name : name.substring(0, 254) + "…";
    }

    private static JobSpec withValidation(JobSpec s, JobSpec.Validation v, String name) {
        return new JobSpec(s.datasetId(), name, s.target(), s.features(), s.weights(), s.offset(), s.model(), s.fitIntercept(), s.standardize(),
                s.missing(), s.huberDelta(), s.regularization(), s.optimizer(), v, s.maxRuntimeSeconds(), s.seed(),
                s.engine());
    }

    static List<Map<String, Object>> combinations(Map<String, List<Object>> grid) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> e : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>(out.size() * e.getValue().size());
            for (Map<String, Object> partial : out) {
                for (Object value : e.getValue()) {
                    Map<String, Object> m = new LinkedHashMap<>(partial);
                    m.put(e.getKey(), value);
                    next.add(m);
                }
            }
            out = next;
        }
        return out.stream().map(Collections::unmodifiableMap).toList();
    }
}
