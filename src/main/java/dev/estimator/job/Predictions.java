package dev.estimator.job;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Per requested row: the mean (linear, Huber, Poisson, Gamma) or positive-class probability (logistic), a
 * number; or for a multinomial model a {@link ClassPrediction}.
 */
public record Predictions(
        @ArraySchema(schema = @Schema(description = "A number; for multinomial models an object "
                + "{\"class\": the most probable class, \"probabilities\": {class: probability}}"))
        List<Object> predictions) {
}
