package dev.estimator.search;

import java.util.List;
import java.util.Map;

import dev.estimator.job.JobSpec;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A grid search with k-fold cross-validation as a client submits it (API.md, "Model selection"), and as it is
 * stored with every default filled in.
 *
 * @param grid dotted paths into the job spec, each with the values to try; every combination is a candidate
 */
public record SearchRequest(
        @Schema(description = "Shown in lists; at most 255 characters") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "The job spec every job of the search starts from") JobSpec base,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Dotted paths of numeric or enum fields of "
                + "the job spec (e.g. optimizer.learningRate, regularization.l2, optimizer.update), at least one, each "
                + "with the values to try (at least one); every combination is tried")
        Map<String, List<Object>> grid,
        @Schema(minimum = "1", defaultValue = "5", description = "At least 2: k-fold cross-validation, folds assigned by base.seed (stratified by class "
                + "for logistic and multinomial), at most the dataset's rows; 1: a single split by base.validation.fraction. Default 5")
        Integer folds,
        @Schema(defaultValue = "loss", allowableValues = {"loss", "rmse", "mae", "r2", "logLoss", "accuracy", "auc",
                "deviance"}, description = "loss (the validation loss of the job's parameters, the best ones with early "
                + "stopping; default), rmse, mae, r2, logLoss, accuracy, auc or deviance; lower is better except for "
                + "r2, accuracy and auc")
        String metric,
        @Schema(defaultValue = "false", description = "After cross-validation, train one job on all rows with the best combination "
                + "(bestJobId). Default false")
        Boolean refit) {
}
