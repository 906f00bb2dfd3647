package dev.estimator.dataset;

import java.util.List;
import java.util.Objects;

import dev.estimator.engine.ColumnSummary;
import dev.estimator.engine.ColumnType;

/**
 * A column's metadata as inferred at upload. Numeric columns carry their statistics over the present values
 * ({@code min}, {@code max}, {@code mean}, sample {@code std}; null when there are too few values) and no
 * levels; categorical columns carry their levels in {@link String#compareTo} order, a value's code being its
 * index in that list.
 */
public record DatasetColumn(int index, String name, ColumnType type, long missing,
        Double min, Double max, Double mean, Double std, List<String> levels) {

    public DatasetColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    public static DatasetColumn numeric(int index, String name, long missing,
            Double min, Double max, Double mean, Double std) {
        return new DatasetColumn(index, name, ColumnType.NUMERIC, missing, min, max, mean, std, List.of());
    }

    public static DatasetColumn categorical(int index, String name, long missing, List<String> levels) {
        return new DatasetColumn(index, name, ColumnType.CATEGORICAL, missing, null, null, null, null, levels);
    }

    /** The metadata of a column whose every cell {@code summary} has seen. */
    public static DatasetColumn of(int index, String name, ColumnSummary summary) {
        return summary.numeric()
                ? numeric(index, name, summary.missing(), summary.min(), summary.max(), summary.mean(), summary.std())
                : categorical(index, name, summary.missing(), summary.levels());
    }

    public boolean isCategorical() {
        return type == ColumnType.CATEGORICAL;
    }
}
