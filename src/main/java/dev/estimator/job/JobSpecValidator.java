package dev.estimator.job;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.DoublePredicate;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.estimator.dataset.Dataset;
import dev.estimator.dataset.DatasetService;
import dev.estimator.dataset.DatasetStatus;
import dev.estimator.engine.Algorithm;
import dev.estimator.engine.MissingPolicy;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.ParallelMode;
import dev.estimator.engine.ScheduleKind;
import dev.estimator.engine.UpdateKind;
import dev.estimator.security.Caller;
import dev.estimator.domain.FieldError;
import dev.estimator.domain.Ids;
import dev.estimator.domain.Violations;

/**
 * Checks a submitted {@link JobSpec} against API.md's ranges and the dataset's columns and fills in the
 * defaults. Everything that can fail before training is checked here, and every invalid field is named
 * at once, so a client fixes its spec in one round trip.
 */
@Component
class JobSpecValidator {

    static final int MAX_NAME_LENGTH = 255;

    private final DatasetService datasets;
    private final int newtonMaxParameters;
    private final SparkRuns spark;

    /**
     * @param newtonMaxParameters most parameters (design columns and intercepts, times k − 1 for multinomial)
     *                            of a newton job: its information matrix has this many squared entries per
     *                            partition
     */
    JobSpecValidator(DatasetService datasets, SparkRuns spark,
            @Value("${estimator.jobs.newton-max-parameters:1000}") int newtonMaxParameters) {
        this.datasets = datasets;
        this.spark = spark;
        this.newtonMaxParameters = newtonMaxParameters;
    }

    /**
     * @return the spec with every default filled in
     * @throws InvalidSpec listing every invalid field
     */
    JobSpec validate(JobSpec spec, Caller caller) {
        if (spec == null) {
            throw new InvalidSpec("the request body must be a job spec",
                    List.of(new FieldError("body", "is required")));
        }
        Fields f = new Fields();
        Dataset dataset = dataset(f, spec.datasetId(), caller);
        if (spec.name() != null && spec.name().length() > MAX_NAME_LENGTH) {
            f.error("name", "must be at most " + MAX_NAME_LENGTH + " characters");
        } else if (spec.name() != null && spec.name().indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold NUL
            f.error("name", "must not contain a NUL character");
        }
        ModelKind model = f.choice("model", spec.model(), ModelKind.class, ModelKind.LINEAR);
        MissingPolicy missing = f.choice("missing", spec.missing(), MissingPolicy.class, MissingPolicy.ERROR);
        double huberDelta = f.positive("huberDelta", spec.huberDelta(), 1.0);

        JobSpec.Regularization r = spec.regularization() != null ? spec.regularization()
                : new JobSpec.Regularization(null, null);
        double l2 = f.nonNegative("regularization.l2", r.l2(), 0.0);
        double l1 = f.nonNegative("regularization.l1", r.l1(), 0.0);

        JobSpec.Optimizer o = spec.optimizer() != null ? spec.optimizer()
                : new JobSpec.Optimizer(null, null, null, null, null, null, null, null, null);
        Algorithm algorithm = f.choice("optimizer.algorithm", o.algorithm(), Algorithm.class, Algorithm.GD);
        UpdateKind update = f.choice("optimizer.update", o.update(), UpdateKind.class, UpdateKind.PLAIN);
        double learningRate = f.positive("optimizer.learningRate", o.learningRate(), 0.1);
        ScheduleKind schedule = f.choice("optimizer.schedule", o.schedule(), ScheduleKind.class, ScheduleKind.CONSTANT);
        int batchSize = f.integer("optimizer.batchSize", o.batchSize(), 256, 1, Integer.MAX_VALUE);
        int maxIterations = f.integer("optimizer.maxIterations", o.maxIterations(), 1000, 1, Integer.MAX_VALUE);
        double tolerance = f.nonNegative("optimizer.tolerance", o.tolerance(), 1e-8);
        int partitions = f.integer("optimizer.partitions", o.partitions(), 8, 1, 1024);
        ParallelMode parallelMode = f.choice("optimizer.parallelMode", o.parallelMode(), ParallelMode.class,
                ParallelMode.GRADIENT);
        if (parallelMode == ParallelMode.MODEL_AVERAGING && algorithm != Algorithm.SGD
                && algorithm != Algorithm.MINIBATCH) {
            f.error("optimizer.parallelMode", "model_averaging needs optimizer.algorithm sgd or minibatch, not "
                    + SpecEnums.spell(algorithm));
        }
        if (algorithm == Algorithm.NEWTON && l1 > 0.0) {
            f.error("optimizer.algorithm", "newton needs a smooth objective and cannot take regularization.l1 > 0; "
                    + "use lbfgs (OWL-QN) or gd");
        }

        JobSpec.Validation v = validation(f, spec.validation());
        Double maxRuntimeSeconds = spec.maxRuntimeSeconds();
        if (maxRuntimeSeconds != null && !(maxRuntimeSeconds > 0.0 && Double.isFinite(maxRuntimeSeconds))) {
            f.error("maxRuntimeSeconds", "must be null or greater than 0");
        }

        String target = spec.target();
        ColumnChecks columns = new ColumnChecks(f, dataset);
        List<String> features = columns.check(target, spec.features(), spec.weights(), spec.offset(),
                f.valid("model") ? model : null);
        if (algorithm == Algorithm.NEWTON && f.valid("model")) {
            long parameters = columns.parameters(features, model, target);
            if (parameters > newtonMaxParameters) {
                f.error("optimizer.algorithm", "newton is limited to " + newtonMaxParameters + " parameters "
                        + "(estimator.jobs.newton-max-parameters); this model has " + parameters + "; use lbfgs");
            }
        }

        String engine = engine(f, spec, dataset);

        f.throwIfAny();
        return new JobSpec(dataset.id().toString(), spec.name(), target, features, spec.weights(), spec.offset(),
                SpecEnums.spell(model),
                spec.fitIntercept() != null ? spec.fitIntercept() : true,
                spec.standardize() != null ? spec.standardize() : true,
                SpecEnums.spell(missing), huberDelta, new JobSpec.Regularization(l2, l1),
                new JobSpec.Optimizer(SpecEnums.spell(algorithm), SpecEnums.spell(update), learningRate,
                        SpecEnums.spell(schedule), batchSize, maxIterations, tolerance, partitions,
                        SpecEnums.spell(parallelMode)),
                v, maxRuntimeSeconds, spec.seed() != null ? spec.seed() : 42L, engine);
    }

    /**
     * The engine a job trains on: {@code auto} picks Spark for a dataset by reference and the service's pool for
     * an upload. An upload's rows are in the service's database, where Spark does not read them, so {@code spark}
     * on an upload is refused like {@code local} on a dataset by reference. Every spec that trains locally trains on
     * Spark too (each block one partition of SGD; in {@code gradient} mode a step is one Spark job, see README).
     */
    private String engine(Fields f, JobSpec spec, Dataset dataset) {
        String requested = spec.engine() == null ? "auto" : spec.engine();
        if (!List.of("auto", "local", "spark").contains(requested)) {
            f.error("engine", "must be one of auto, local, spark, not '" + requested + "'");
            return null;
        }
        if (dataset == null) {
            return null;
        }
        String engine = requested.equals("auto") ? (dataset.external() ? "spark" : "local") : requested;
        if (engine.equals("local") && dataset.external()) {
            f.error("engine", "local cannot train a dataset registered by reference: its rows are read by Spark; "
                    + "use spark or auto");
        } else if (engine.equals("spark") && !dataset.external()) {
            f.error("engine", "spark trains datasets registered by reference; an uploaded dataset trains in the "
                    + "service (use local or auto)");
        } else if (engine.equals("spark") && !spark.available()) {
            f.error("engine", "Spark is not configured on this service (estimator.spark.launcher)");
        }
        return engine;
    }

    private Dataset dataset(Fields f, String datasetId, Caller caller) {
        if (datasetId == null) {
            f.error("datasetId", "is required");
            return null;
        }
        if (!Ids.isUuid(datasetId)) {
            f.error("datasetId", "'" + datasetId + "' is not a UUID");
            return null;
        }
        // another owner's dataset is refused exactly like one that does not exist
        Optional<Dataset> dataset = datasets.find(UUID.fromString(datasetId), caller);
        if (dataset.isEmpty()) {
            f.error("datasetId", "dataset " + datasetId + " does not exist");
        } else if (dataset.get().status() != DatasetStatus.READY) {
            // its columns are not known yet (or never will be): a state to wait for, not a spec to fix
            throw DatasetService.notReady(dataset.get());
        }
        return dataset.orElse(null);
    }

    private static JobSpec.Validation validation(Fields f, JobSpec.Validation given) {
        JobSpec.Validation v = given != null ? given : new JobSpec.Validation(null, null, null, null);
        double fraction = f.number("validation.fraction", v.fraction(), 0.0, x -> x >= 0.0 && x <= 0.5,
                "must be between 0 and 0.5");
        int patience = f.integer("validation.patience", v.patience(), 10, 0, Integer.MAX_VALUE);
        Integer folds = v.folds();
        Integer fold = v.fold();
        if (folds != null) {
            if (folds < 2) {
                f.error("validation.folds", "must be at least 2");
            } else if (fold == null) {
                f.error("validation.fold", "is required with validation.folds");
            } else if (fold < 0 || fold >= folds) {
                f.error("validation.fold", "must be between 0 and validation.folds - 1 (" + (folds - 1) + ")");
            }
            if (v.fraction() != null && v.fraction() > 0.0) {
                f.error("validation.fraction", "cannot be combined with validation.folds; use one or the other");
            }
        } else if (fold != null) {
            f.error("validation.fold", "needs validation.folds");
        }
        return new JobSpec.Validation(fraction, patience, folds, fold);
    }

    /** Collects field errors; the typed getters return the default when the value is missing or invalid. */
    static final class Fields {

        private final Violations errors = new Violations();

        void error(String field, String message) {
            errors.add(field, message);
        }

        boolean valid(String field) {
            return errors.valid(field);
        }

        <E extends Enum<E>> E choice(String field, String value, Class<E> type, E fallback) {
            if (value == null) {
                return fallback;
            }
            Optional<E> parsed = SpecEnums.parse(type, value);
            if (parsed.isEmpty()) {
                error(field, "unknown value '" + value + "'; expected " + SpecEnums.choices(type));
            }
            return parsed.orElse(fallback);
        }

        double number(String field, Double value, double fallback, DoublePredicate ok,
                String message) {
            if (value == null) {
                return fallback;
            }
            if (!Double.isFinite(value) || !ok.test(value)) {
                error(field, message);
                return fallback;
            }
            return value;
        }

        double positive(String field, Double value, double fallback) {
            return number(field, value, fallback, x -> x > 0.0, "must be greater than 0");
        }

        double nonNegative(String field, Double value, double fallback) {
            return number(field, value, fallback, x -> x >= 0.0, "must be 0 or more");
        }

        int integer(String field, Integer value, int fallback, int min, int max) {
            if (value == null) {
                return fallback;
            }
            if (value < min || value > max) {
                error(field, max == Integer.MAX_VALUE ? "must be at least " + min
                        : "must be between " + min + " and " + max);
                return fallback;
            }
            return value;
        }

        void throwIfAny() {
            errors.throwIfAny("job spec", InvalidSpec::new);
        }
    }
}
