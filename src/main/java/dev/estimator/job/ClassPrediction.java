package dev.estimator.job;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

import io.swagger.v3.oas.annotations.media.Schema;

/** A multinomial model's prediction for one row: the most probable class and every class's probability. */
@Schema(description = "A multinomial model's prediction: the most probable class (the first of equals) and the "
        + "probability of every class")
public record ClassPrediction(@JsonProperty("class") @Schema(name = "class") String name,
        Map<String, Double> probabilities) {

    static ClassPrediction of(List<String> classes, double[] probabilities) {
        Map<String, Double> byClass = new LinkedHashMap<>();
        int best = 0;
        for (int c = 0; c < classes.size(); c++) {
            byClass.put(classes.get(c), LossPoint.finite(probabilities[c]));
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return new ClassPrediction(classes.get(best), byClass);
    }
}
