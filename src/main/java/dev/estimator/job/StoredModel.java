package dev.estimator.job;

import java.util.List;

import dev.estimator.engine.DesignMatrix;
import dev.estimator.engine.EncodedFeature;
import dev.estimator.engine.FitResult;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.Predictor;

/**
 * What predictions need, stored with the result so that they work after a restart and after the dataset
 * was deleted: the encoded features, the coefficients on the original scale, the intercept, and the
 * dataset's column names (a row may carry any of them; other keys are unknown columns).
 */
record StoredModel(String model, List<Feature> features, double[] coefficients, double intercept,
        List<String> columns) {

    /** {@link EncodedFeature}, as stored. */
    record Feature(String column, boolean categorical, List<String> levels, int firstLevel, double center,
            double scale) {
    }

    static StoredModel of(DesignMatrix matrix, FitResult result, List<String> columns) {
        Predictor predictor = Predictor.of(matrix, result);
        List<Feature> features = predictor.features().stream()
                .map(f -> new Feature(f.column(), f.categorical(), f.levels(), f.firstLevel(), f.center(), f.scale()))
                .toList();
        double[] beta = result.coefficients().stream().mapToDouble(c -> c.value()).toArray();
        double intercept = result.intercept() == null ? 0.0 : result.intercept().value();
        return new StoredModel(SpecEnums.spell(result.model()), features, beta, intercept, columns);
    }

    Predictor predictor() {
        List<EncodedFeature> encoded = features.stream()
                .map(f -> new EncodedFeature(f.column(), f.categorical(), f.levels(), f.firstLevel(), f.center(),
                        f.scale()))
                .toList();
        return new Predictor(SpecEnums.of(ModelKind.class, model), encoded, coefficients, intercept);
    }
}
