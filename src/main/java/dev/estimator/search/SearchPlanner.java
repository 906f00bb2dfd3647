package dev.estimator.search;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import dev.estimator.dataset.Dataset;
import dev.estimator.dataset.DatasetService;
import dev.estimator.domain.FieldError;
import dev.estimator.domain.InvalidInput;
import dev.estimator.domain.Violations;
import dev.estimator.engine.ModelKind;
import dev.estimator.job.JobService;
import dev.estimator.job.InvalidSpec;
import dev.estimator.job.JobSpec;
import dev.estimator.security.Caller;

/**
 * Checks a submitted {@link SearchRequest} and fills in its defaults. The base spec, every grid path and every
 * grid value go through the job spec's own validation, so a search is refused with the same messages a job
 * would get, each error naming where in the request it is ({@code base.…}, {@code grid.<path>[i]}).
 */
@Component
class SearchPlanner {

    static final int DEFAULT_FOLDS = 5;
    /** Combination errors listed at most; the rest are alike. */
    private static final int MAX_COMBINATION_ERRORS = 10;

    private final JobService jobs;
    private final DatasetService datasets;
    private final GridPaths paths;
    private final SearchProperties properties;

    SearchPlanner(JobService jobs, DatasetService datasets, GridPaths paths, SearchProperties properties) {
        this.jobs = jobs;
        this.datasets = datasets;
        this.paths = paths;
        this.properties = properties;
    }

    /** @throws InvalidInput naming every invalid field */
    SearchPlan plan(SearchRequest r, Caller caller) {
        if (r == null) {
            throw new InvalidInput("the request body must be a search",
                    List.of(new FieldError("body", "is required")));
        }
        Errors errors = new Errors();
        if (r.name() != null && r.name().length() > 255) {
            errors.add("name", "must be at most 255 characters");
        } else if (r.name() != null && r.name().indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold NUL
            errors.add("name", "must not contain a NUL character");
        }
        String metricName = r.metric() != null ? r.metric() : SearchMetric.LOSS.apiName();
        SearchMetric metric = SearchMetric.parse(metricName).orElse(null);
        if (metric == null) {
            errors.add("metric", "unknown metric '" + metricName + "'; expected " + SearchMetric.choices());
        }
        int folds = r.folds() != null ? r.folds() : DEFAULT_FOLDS;
        if (folds < 1) {
            errors.add("folds", "must be at least 2 (k-fold), or 1 with base.validation.fraction > 0");
        }
        boolean refit = r.refit() != null && r.refit();
        if (r.base() == null) {
            errors.add("base", "is required: the job spec every job of the search starts from");
            throw errors.exception();
        }
        checkValidation(r.base(), folds, errors);
        JobSpec base = null;
        try {
            base = jobs.validate(r.base(), caller);
        } catch (InvalidSpec e) {
            e.violations().forEach(f -> errors.add("base." + f.field(), f.message()));
        }
        if (base != null && folds >= 2) {
            checkFoldsFit(base, folds, caller, errors);
        }
        Map<String, List<Object>> grid = r.grid() != null ? new LinkedHashMap<>(r.grid()) : new LinkedHashMap<>();
        checkGrid(grid, errors);
        errors.throwIfAny();

        long total = refit ? 1 : 0;
        long product = folds;
        for (List<Object> values : grid.values()) {
            product = Math.min(product * values.size(), Integer.MAX_VALUE);
        }
        total += product;
        if (total > properties.maxJobs()) {
            errors.add("grid", "the search would run " + (total >= Integer.MAX_VALUE ? "more than 2^31" : total)
                    + " jobs (combinations x folds" + (refit ? " + refit" : "") + "), more than "
                    + "estimator.searches.max-jobs (" + properties.maxJobs() + ")");
            throw errors.exception();
        }

        checkMetric(metric, base, grid, errors);
        SearchRequest filled = new SearchRequest(r.name(), base, grid, folds, metric.apiName(), refit);
        SearchPlan plan = SearchPlan.of(filled);
        checkValues(plan, caller, errors);
        errors.throwIfAny();
        if (grid.size() > 1) {
            checkCombinations(plan, caller, errors);
            errors.throwIfAny();
        }
        return plan;
    }

    private static void checkValidation(JobSpec base, int folds, Errors errors) {
        JobSpec.Validation v = base.validation();
        if (v != null && v.folds() != null) {
            errors.add("base.validation.folds", "is set by the search for each of its jobs; use the search's folds");
        }
        if (v != null && v.fold() != null) {
            errors.add("base.validation.fold", "is set by the search for each of its jobs");
        }
        double fraction = v != null && v.fraction() != null ? v.fraction() : 0.0;
        if (folds >= 2 && fraction > 0.0) {
            errors.add("base.validation.fraction", "must be 0 with folds " + folds
                    + ": each fold is held out in turn; use folds 1 for a single split by fraction");
        }
        if (folds == 1 && !(fraction > 0.0)) {
            errors.add("folds", "1 needs base.validation.fraction > 0 (a single train/validation split)");
        }
    }

    /** Every fold must hold out at least one row, so there can be no more folds than the dataset has rows. */
    private void checkFoldsFit(JobSpec base, int folds, Caller caller, Errors errors) {
        Dataset dataset = datasets.find(UUID.fromString(base.datasetId()), caller).orElse(null);
        if (dataset != null && folds > dataset.rows()) {
            errors.add("folds", "must be at most the dataset's " + dataset.rows()
                    + " rows: every fold holds out at least one row");
        }
    }

    private static void checkGrid(Map<String, List<Object>> grid, Errors errors) {
        if (grid.isEmpty()) {
            errors.add("grid", "needs at least one path with the values to try, e.g. "
                    + "{\"optimizer.learningRate\": [0.01, 0.1, 1]}");
            return;
        }
        grid.forEach((path, values) -> {
            String problem = GridPaths.pathProblem(path);
            if (problem != null) {
                errors.add("grid." + path, problem);
                return;
            }
            if (values == null || values.isEmpty()) {
                errors.add("grid." + path, "needs at least one value");
                return;
            }
            Set<Object> seen = new LinkedHashSet<>();
            for (int i = 0; i < values.size(); i++) {
                Object value = values.get(i);
                String valueProblem = value == null ? "must not be null" : GridPaths.valueProblem(path, value);
                if (valueProblem != null) {
                    errors.add("grid." + path + "[" + i + "]", valueProblem + " (got " + value + ")");
                } else if (!seen.add(value instanceof Number n ? (Object) n.doubleValue() : value)) {
                    errors.add("grid." + path + "[" + i + "]", "repeats the value " + value);
                }
            }
        });
    }

    private static void checkMetric(SearchMetric metric, JobSpec base, Map<String, List<Object>> grid,
            Errors errors) {
        Set<String> models = new LinkedHashSet<>();
        if (grid.containsKey("model")) {
            grid.get("model").forEach(m -> models.add((String) m));
        } else {
            models.add(base.model());
        }
        for (String m : models) {
            ModelKind model = modelKind(m);
            if (model != null && !metric.fits(model)) {
                errors.add("metric", "'" + metric.apiName() + "' does not fit model " + m + ", which reports "
                        + SearchMetric.choices(model));
            }
        }
        errors.throwIfAny();
    }

    /** Each value of each path in the base spec on its own, as a job of the search would have it. */
    private void checkValues(SearchPlan plan, Caller caller, Errors errors) {
        Map<String, List<Object>> grid = plan.request().grid();
        grid.forEach((path, values) -> {
            for (int i = 0; i < values.size(); i++) {
                String at = "grid." + path + "[" + i + "]";
                try {
                    jobs.validate(plan.foldSpec(paths, Map.of(path, values.get(i)), 0, plan.request().name()), caller);
                } catch (InvalidSpec e) {
                    for (FieldError f : e.violations()) {
                        errors.add(at, (f.field().equals(path) ? "" : f.field() + " ") + f.message()
                                + " (got " + values.get(i) + ")");
                    }
                }
            }
        });
    }

    /** Fields that depend on each other (optimizer.parallelMode and .algorithm, model and target). */
    private void checkCombinations(SearchPlan plan, Caller caller, Errors errors) {
        int listed = 0;
        for (int c = 0; c < plan.candidates().size() && listed < MAX_COMBINATION_ERRORS; c++) {
            try {
                jobs.validate(plan.foldSpec(paths, c, 0), caller);
            } catch (InvalidSpec e) {
                for (FieldError f : e.violations()) {
                    errors.add("grid", "the combination " + plan.candidates().get(c) + " is invalid: " + f.field()
                            + " " + f.message());
                }
                listed++;
            }
        }
    }

    private static ModelKind modelKind(String name) {
        for (ModelKind k : ModelKind.values()) {
            if (k.name().equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }

    private static final class Errors {

        private final Violations list = new Violations();

        void add(String field, String message) {
            list.add(field, message);
        }

        void throwIfAny() {
            list.throwIfAny("search", InvalidInput::new);
        }

        InvalidInput exception() {
            throwIfAny();
            throw new IllegalStateException("no violations to refuse the search for");
        }
    }
}
