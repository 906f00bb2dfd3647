package dev.estimator.job;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;

/**
 * A training job as a client submits it (API.md, "Training jobs"), and as it is echoed back with every
 * default filled in. Fields are nullable so that an omitted field can be told from a given one; enum
 * values are the API's lower-case strings, checked by {@link JobSpecValidator} rather than by Jackson so
 * that a bad value is reported together with every other invalid field. The {@code @Schema} values
 * document the same defaults and ranges for the OpenAPI document.
 */
@Schema(description = "A training job spec; only datasetId and target are required. Unknown fields are a 400.")
public record JobSpec(
        @Schema(requiredMode = RequiredMode.REQUIRED, format = "uuid") String datasetId,
        @Schema(description = "Free text", maxLength = 255) String name,
        @Schema(requiredMode = RequiredMode.REQUIRED, description = "The target column") String target,
        @Schema(description = "Feature columns; default every column but the target, the weights and the offset")
        List<String> features,
        @Schema(nullable = true, description = "A numeric column of non-negative prior weights: the objective is "
                + "Σwᵢℓᵢ/Σwᵢ + penalty and the metrics are weighted; neither the target nor a feature") String weights,
        @Schema(nullable = true, description = "A numeric column added to every margin with coefficient 1 (e.g. log "
                + "exposure for poisson); predictions need it too; neither the target nor a feature") String offset,
        @Schema(allowableValues = {"linear", "logistic", "poisson", "huber", "gamma", "multinomial"},
                defaultValue = "linear", description = "gamma: log link, target > 0; multinomial: categorical target "
                + "with k >= 2 levels, softmax with the first level as the reference class") String model,
        @Schema(defaultValue = "true") Boolean fitIntercept,
        @Schema(defaultValue = "true", description = "Centre and scale numeric features by their training rows")
        Boolean standardize,
        @Schema(allowableValues = {"error", "skip", "impute_mean"}, defaultValue = "error") String missing,
        @Schema(description = "Huber's threshold (> 0), in units of the target", minimum = "0", exclusiveMinimum = true,
                defaultValue = "1.0") Double huberDelta,
        Regularization regularization, Optimizer optimizer, Validation validation,
        @Schema(description = "Stop with stopReason TIME_LIMIT after this many seconds (> 0) of training, counted "
                + "across runs when the job resumes from a checkpoint", minimum = "0", exclusiveMinimum = true,
                nullable = true) Double maxRuntimeSeconds,
        @Schema(defaultValue = "42", description = "The same spec and seed give bit-identical results") Long seed,
        @Schema(allowableValues = {"auto", "local", "spark"}, defaultValue = "auto", description = "Where the job "
                + "trains: local (the service's own pool) or spark; auto picks spark for datasets by reference and "
                + "local for uploads. The filled-in spec names the engine picked.") String engine) {

    /** The penalty {@code l2/2·‖w‖² + l1·‖w‖₁}. */
    @Schema(description = "The penalty l2/2·‖w‖² + l1·‖w‖₁ on the coefficients, never on the intercept")
    public record Regularization(
            @Schema(minimum = "0", defaultValue = "0.0") Double l2,
            @Schema(minimum = "0", defaultValue = "0.0") Double l1) {
    }

    public record Optimizer(
            @Schema(allowableValues = {"gd", "sgd", "minibatch", "newton", "lbfgs"}, defaultValue = "gd",
                    description = "newton: IRLS, one pass a step, not with l1 and up to a configured number of "
                    + "parameters; lbfgs: L-BFGS (memory 10) with a line search, OWL-QN under l1") String algorithm,
            @Schema(allowableValues = {"plain", "momentum", "nesterov", "adagrad", "adam"}, defaultValue = "plain")
            String update,
            @Schema(minimum = "0", exclusiveMinimum = true, defaultValue = "0.1", description = "> 0")
            Double learningRate,
            @Schema(allowableValues = {"constant", "inverse_scaling", "step", "adaptive"},
                    defaultValue = "constant") String schedule,
            @Schema(minimum = "1", defaultValue = "256") Integer batchSize,
            @Schema(minimum = "1", defaultValue = "1000") Integer maxIterations,
            @Schema(minimum = "0", defaultValue = "0.00000001") Double tolerance,
            @Schema(minimum = "1", maximum = "1024", defaultValue = "8") Integer partitions,
            @Schema(allowableValues = {"gradient", "model_averaging"}, defaultValue = "gradient")
            String parallelMode) {
    }

    /** A held-out {@code fraction}, or fold {@code fold} of {@code folds}; {@code patience} for early stopping. */
    @Schema(description = "A held-out fraction of the rows, or fold `fold` of `folds` (k-fold by seed)")
    public record Validation(
            @Schema(minimum = "0", maximum = "0.5", defaultValue = "0.0") Double fraction,
            @Schema(minimum = "0", defaultValue = "10", description = "Stop when the validation loss has not improved for this many iterations (0: never)") Integer patience,
            @Schema(minimum = "2", nullable = true, description = "Instead of fraction: the rows are assigned to this "
                    + "many folds by seed (stratified by class for logistic and multinomial) and fold `fold` is held out; what a "
                    + "search's jobs use") Integer folds,
            @Schema(minimum = "0", nullable = true, description = "The held-out fold, 0 to folds - 1; required with "
                    + "folds") Integer fold) {
    }
}
