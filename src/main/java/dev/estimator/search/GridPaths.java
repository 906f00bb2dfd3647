package dev.estimator.search;

import java.lang.reflect.RecordComponent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.estimator.job.JobSpec;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fields of a job spec that a grid may vary (its numeric and enum fields), and setting one in a spec. The
 * paths, ranges and enum values are the job spec's own: the paths are read from {@link JobSpec}, the values are
 * checked by its validation.
 */
@Component
class GridPaths {

    enum Kind { NUMBER, INTEGER, CHOICE }

    /** Fields that could vary but belong to the search itself. */
    private static final Map<String, String> RESERVED = Map.of(
            "validation.fraction", "the search sets it: folds 1 uses base.validation.fraction, folds 2 or more none",
            "validation.folds", "the search sets it from its folds",
            "validation.fold", "the search sets it for each of its jobs",
            "seed", "folds are assigned by base.seed, which every job of the search shares",
            "engine", "every job of a search trains where base.engine says, so that its scores compare like with like");

    static final Map<String, Kind> PATHS = paths();

    private final JsonMapper json;

    GridPaths(JsonMapper json) {
        this.json = json;
    }

    /**
     * Read from the job spec itself ({@link JobSpec} and its nested records), so that a field added there can be
     * varied at once: a number ({@code Double}), a whole number ({@code Integer}) or a string with a closed set of
     * values (its {@code @Schema(allowableValues)}), less the fields the search sets itself.
     */
    private static Map<String, Kind> paths() {
        Map<String, Kind> p = new LinkedHashMap<>();
        collect(JobSpec.class, "", p);
        RESERVED.keySet().forEach(p::remove);
        return Map.copyOf(p);
    }

    private static void collect(Class<?> record, String prefix, Map<String, Kind> into) {
        for (RecordComponent c : record.getRecordComponents()) {
            String path = prefix + c.getName();
            Class<?> type = c.getType();
            // on the accessor: @Schema does not target record components themselves
            Schema schema = c.getAccessor().getAnnotation(Schema.class);
            if (type.isRecord()) {
                collect(type, path + ".", into);
            } else if (type == Double.class) {
                into.put(path, Kind.NUMBER);
            } else if (type == Integer.class) {
                into.put(path, Kind.INTEGER);
            } else if (type == String.class && schema != null && schema.allowableValues().length > 0) {
                into.put(path, Kind.CHOICE);
            }
        }
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
