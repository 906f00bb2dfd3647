package dev.estimator.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.estimator.job.JobSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a job spec that a grid may vary (its numeric and enum fields), and setting one in a spec. The
 * ranges and enum values themselves are the job spec's own, checked by its validation.
 */
@Component
class GridPaths {

    enum Kind { NUMBER, INTEGER, CHOICE }

    static final Map<String, Kind> PATHS = paths();

    /** Fields that are numbers but belong to the search itself. */
    private static final Map<String, String> RESERVED = Map.of(
            "validation.fraction", "the search sets it: folds 1 uses base.validation.fraction, folds 2 or more none",
            "validation.folds", "the search sets it from its folds",
            "validation.fold", "the search sets it for each of its jobs",
            "seed", "folds are assigned by base.seed, which every job of the search shares");

    private final JsonMapper json;

    GridPaths(JsonMapper json) {
        this.json = json;
    }

    private static Map<String, Kind> paths() {
        Map<String, Kind> p = new LinkedHashMap<>();
        p.put("model", Kind.CHOICE);
        p.put("missing", Kind.CHOICE);
        p.put("huberDelta", Kind.NUMBER);
        p.put("regularization.l2", Kind.NUMBER);
        p.put("regularization.l1", Kind.NUMBER);
        p.put("optimizer.algorithm", Kind.CHOICE);
        p.put("optimizer.update", Kind.CHOICE);
        p.put("optimizer.learningRate", Kind.NUMBER);
        p.put("optimizer.schedule", Kind.CHOICE);
        p.put("optimizer.batchSize", Kind.INTEGER);
        p.put("optimizer.maxIterations", Kind.INTEGER);
        p.put("optimizer.tolerance", Kind.NUMBER);
        p.put("optimizer.partitions", Kind.INTEGER);
        p.put("optimizer.parallelMode", Kind.CHOICE);
        p.put("validation.patience", Kind.INTEGER);
        p.put("maxRuntimeSeconds", Kind.NUMBER);
        return Map.copyOf(p);
    }

    /** Why {@code path} cannot be varied, or null if it can. */
    static String pathProblem(String path) {
        if (PATHS.containsKey(path)) {
            return null;
        }
        if (RESERVED.containsKey(path)) {
            return "cannot be varied: " + RESERVED.get(path);
        }
        return "is not a numeric or enum field of the job spec; expected one of "
                + String.join(", ", Set.copyOf(PATHS.keySet()).stream().sorted().toList());
    }

    /** Why {@code value} cannot be a value of {@code path}, or null if its type fits (its range is checked later). */
    static String valueProblem(String path, Object value) {
        return switch (PATHS.get(path)) {
            case NUMBER -> value instanceof Number n && Double.isFinite(n.doubleValue()) ? null : "must be a number";
            // As the job spec reads the same field (no float coerced to an int): 2 is whole, 2.0 is not.
            case INTEGER -> isWhole(value) && Math.abs(((Number) value).doubleValue()) <= Integer.MAX_VALUE ? null
                    : "must be a whole number";
            case CHOICE -> value instanceof String ? null : "must be a string";
        };
    }

    private static boolean isWhole(Object value) {
        return value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger;
    }

    /** The spec with the field at each path set to its value; the values' types must fit ({@link #valueProblem}). */
    JobSpec apply(JobSpec spec, Map<String, Object> values) {
        ObjectNode tree = (ObjectNode) json.valueToTree(spec);
        values.forEach((path, value) -> {
            ObjectNode parent = tree;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                JsonNode child = parent.get(parts[i]);
                parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
            }
            String field = parts[parts.length - 1];
            switch (PATHS.get(path)) {
                case NUMBER -> parent.put(field, ((Number) value).doubleValue());
                case INTEGER -> parent.put(field, ((Number) value).intValue());
                case CHOICE -> parent.put(field, (String) value);
            }
        });
        return json.treeToValue(tree, JobSpec.class);
    }
}
