package dev.estimator.job;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.estimator.engine.Predictor;
import dev.estimator.domain.FieldError;
import dev.estimator.domain.InvalidInput;

/**
 * Predicts a request's rows with a stored model, or fails naming each bad row and column: a key that is
 * no column of the training dataset, a missing feature value, an unknown level, a value that is no number.
 */
final class PredictionRows {

    /** Enough errors to show the pattern without flooding the response. */
    static final int MAX_ERRORS = 50;

    private PredictionRows() {
    }

    /** @return per row its mean or probability, or for a multinomial model its {@link ClassPrediction} */
    static List<Object> predict(StoredModel model, List<Map<String, Object>> rows) {
        Predictor predictor = model.predictor();
        Set<String> known = new HashSet<>(model.columns());
        List<FieldError> errors = new ArrayList<>();
        List<Object> predictions = new ArrayList<>(rows.size());
        List<String> required = new ArrayList<>();
        model.features().forEach(f -> required.add(f.column()));
        if (model.offset() != null) {
            required.add(model.offset());
        }
        for (int i = 0; i < rows.size() && errors.size() < MAX_ERRORS; i++) {
            Map<String, Object> row = rows.get(i);
            String at = "rows[" + i + "]";
            if (row == null) {
                errors.add(new FieldError(at, "must be an object of column values"));
                continue;
            }
            int before = errors.size();
            for (String key : row.keySet()) {
                if (!known.contains(key)) {
                    errors.add(new FieldError(at + "." + key, "unknown column '" + key + "'"));
                }
            }
            for (String column : required) {
                if (row.get(column) == null) {
                    errors.add(new FieldError(at + "." + column, "missing value for column '" + column
                            + "'" + (column.equals(model.offset()) ? " (the model's offset)" : "")));
                }
            }
            if (errors.size() > before) {
                continue;
            }
            try {
                predictions.add(predictor.classes().isEmpty() ? LossPoint.finite(predictor.predict(row))
                        : ClassPrediction.of(predictor.classes(), predictor.probabilities(row)));
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError(field(at, model, e.getMessage()), e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput("rows cannot be predicted: " + errors.get(0).field() + ": "
                    + errors.get(0).message(), errors);
        }
        return predictions;
    }

    /** The predictor names the column in its message: point the field at it. */
    private static String field(String at, StoredModel model, String message) {
        for (StoredModel.Feature f : model.features()) {
            if (message != null && message.contains("column '" + f.column() + "'")) {
                return at + "." + f.column();
            }
        }
        if (model.offset() != null && message != null && message.contains("column '" + model.offset() + "'")) {
            return at + "." + model.offset();
        }
        return at;
    }
}
