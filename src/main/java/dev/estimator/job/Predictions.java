package dev.estimator.job;

import java.util.List;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Per requested row: the mean (linear, Huber, Poisson, Gamma) or positive-class probability (logistic), a
 * number; or for a multinomial model a {@link ClassPrediction}.
 */
public record Predictions(
        @ArraySchema(schema = @Schema(oneOf = {Double.class, ClassPrediction.class},
                description = "A number, or for multinomial models the class and the class probabilities"))
        List<Object> predictions) {
}
