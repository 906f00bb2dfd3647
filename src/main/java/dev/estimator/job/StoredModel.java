package dev.estimator.job;

import java.util.List;

import dev.estimator.engine.DesignShape;
import dev.estimator.engine.EncodedFeature;
import dev.estimator.engine.FitResult;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.Predictor;

/**
 * What predictions need, stored with the result so that they work after a restart and after the dataset
 * was deleted: the encoded features, the coefficients on the original scale, the intercept, and the
 * dataset's column names (a row may carry any of them; other keys are unknown columns). A multinomial model
 * stores one row of coefficients and one intercept per non-reference class in {@code blocks} and
 * {@code intercepts}, and its classes; a model with an offset names the offset column.
 */
record StoredModel(String model, List<Feature> features, double[] coefficients, double intercept,
        List<String> columns, String offset, List<String> classes, double[][] blocks, double[] intercepts) {

    /** {@link EncodedFeature}, as stored. */
    record Feature(String column, boolean categorical, List<String> levels, int firstLevel, double center,
            double scale) {
    }

    static StoredModel of(DesignShape matrix, FitResult result, List<String> columns) {
        Predictor predictor = Predictor.of(matrix, result);
        List<Feature> features = predictor.features().stream()
                .map(f -> new Feature(f.column(), f.categorical(), f.levels(), f.firstLevel(), f.center(), f.scale()))
                .toList();
        double[][] blocks = predictor.coefficients();
        double[] intercepts = predictor.intercepts();
        boolean single = result.model() != ModelKind.MULTINOMIAL;
        return new StoredModel(SpecEnums.spell(result.model()), features, single ? blocks[0] : null,
                single ? intercepts[0] : 0.0, columns, predictor.offset(), single ? null : predictor.classes(),
                single ? null : blocks, single ? null : intercepts);
    }

    Predictor predictor() {
        List<EncodedFeature> encoded = features.stream()
                .map(f -> new EncodedFeature(f.column(), f.categorical(), f.levels(), f.firstLevel(), f.center(),
                        f.scale()))
                .toList();
        ModelKind kind = SpecEnums.of(ModelKind.class, model);
        if (blocks != null) {
            return new Predictor(kind, encoded, blocks, intercepts, offset, classes);
        }
        return new Predictor(kind, encoded, new double[][] {coefficients}, new double[] {intercept}, offset, List.of());
    }
}
