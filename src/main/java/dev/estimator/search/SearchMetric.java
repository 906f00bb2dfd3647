package dev.estimator.search;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.estimator.engine.ModelKind;

/**
 * What a search scores a fold by: the job's final validation loss, or one of its validation metrics (API.md,
 * "Model selection"). Lower is better except for r2, accuracy and auc.
 */
enum SearchMetric {

    LOSS("loss", false, EnumSet.allOf(ModelKind.class)),
    RMSE("rmse", false, EnumSet.of(ModelKind.LINEAR, ModelKind.HUBER, ModelKind.POISSON, ModelKind.GAMMA)),
    MAE("mae", false, EnumSet.of(ModelKind.LINEAR, ModelKind.HUBER)),
    R2("r2", true, EnumSet.of(ModelKind.LINEAR, ModelKind.HUBER)),
    LOG_LOSS("logLoss", false, EnumSet.of(ModelKind.LOGISTIC, ModelKind.MULTINOMIAL)),
    ACCURACY("accuracy", true, EnumSet.of(ModelKind.LOGISTIC, ModelKind.MULTINOMIAL)),
    AUC("auc", true, EnumSet.of(ModelKind.LOGISTIC)),
    DEVIANCE("deviance", false, EnumSet.of(ModelKind.POISSON, ModelKind.GAMMA));

    private final String apiName;
    private final boolean higherIsBetter;
    private final Set<ModelKind> models;

    SearchMetric(String apiName, boolean higherIsBetter, Set<ModelKind> models) {
        this.apiName = apiName;
        this.higherIsBetter = higherIsBetter;
        this.models = models;
    }

    String apiName() {
        return apiName;
    }

    boolean fits(ModelKind model) {
        return models.contains(model);
    }

    /** True if score {@code a} is strictly better than {@code b}. */
    boolean better(double a, double b) {
        return higherIsBetter ? a > b : a < b;
    }

    static Optional<SearchMetric> parse(String text) {
        return Arrays.stream(values()).filter(m -> m.apiName.equals(text)).findFirst();
    }

    static String choices() {
        return Arrays.stream(values()).map(SearchMetric::apiName).collect(Collectors.joining(", ", "one of ", ""));
    }

    /** The metrics that a model reports, for error messages. */
    static String choices(ModelKind model) {
        return Arrays.stream(values()).filter(m -> m.fits(model)).map(SearchMetric::apiName)
                .collect(Collectors.joining(", "));
    }
}
