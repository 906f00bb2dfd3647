package dev.estimator.dataset;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** JSON string arrays as lists, for assertions. */
final class UploadTestStrings {

    private UploadTestStrings() {
    }

    static List<String> of(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }
}
