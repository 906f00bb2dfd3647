package dev.estimator.engine;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A dataset held in memory column by column: each column is one {@code double[]} of {@link #rows()}
 * values, missing values are NaN and categorical values are codes into the column's levels. This is
 * the form the service caches (8 bytes a value); a job reads it to build its design matrix and never
 * modifies it, so one frame may be shared by many concurrent jobs.
 */
public final class Frame {

    /**
     * One column. For {@link ColumnType#CATEGORICAL} columns {@code levels} are sorted and a value
     * {@code k} stands for {@code levels.get(k)}; numeric columns have no levels.
     */
    public record Column(String name, ColumnType type, double[] values, List<String> levels) {
        public Column {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(values, "values");
            levels = levels == null ? List.of() : List.copyOf(levels);
        }

        public static Column numeric(String name, double[] values) {
            return new Column(name, ColumnType.NUMERIC, values, List.of());
        }

        public static Column categorical(String name, double[] codes, List<String> levels) {
            return new Column(name, ColumnType.CATEGORICAL, codes, levels);
        }

        public boolean isCategorical() {
            return type == ColumnType.CATEGORICAL;
        }
    }

    private final int rows;
    private final List<Column> columns;
    private final Map<String, Column> byName;

    public Frame(int rows, List<Column> columns) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0");
        }
        this.rows = rows;
        this.columns = List.copyOf(columns);
        this.byName = new HashMap<>();
        for (Column c : this.columns) {
            if (c.values().length != rows) {
                throw new IllegalArgumentException("column " + c.name() + " has " + c.values().length
                        + " values, expected " + rows);
            }
            if (byName.put(c.name(), c) != null) {
                throw new IllegalArgumentException("duplicate column " + c.name());
            }
        }
    }

    public int rows() {
        return rows;
    }

    public List<Column> columns() {
        return columns;
    }

    /** The column of that name, or null. */
    public Column column(String name) {
        return byName.get(name);
    }

    /** Bytes held by the column arrays, for cache weighing. */
    public long sizeInBytes() {
        return 8L * rows * columns.size();
    }
}
