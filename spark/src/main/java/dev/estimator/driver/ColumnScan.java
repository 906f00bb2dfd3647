package dev.estimator.driver;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;

import dev.estimator.engine.DesignException;

/**
 * Which of a source's columns are categorical and their levels, in one pass over the data with the upload's
 * rules: a Parquet column is categorical when it holds text or booleans; a CSV column when one of its present
 * cells is not a number, or when the dataset declares it categorical. Levels are the present values in
 * {@link String#compareTo} order, at most {@code maxLevels} a column.
 */
final class ColumnScan {

    private ColumnScan() {
    }

    static List<SourceColumn> scan(Dataset<Row> data, List<String> names, Set<String> declaredCategorical,
            boolean csv, int maxLevels) {
        StructField[] fields = data.schema().fields();
        List<Boolean> typedCategorical = new ArrayList<>();
        for (String name : names) {
            DataType type = data.schema().apply(name).dataType();
            typedCategorical.add(!csv && (type instanceof StringType || type instanceof BooleanType));
        }
        int width = names.size();
        Dataset<Row> selected = data.selectExpr(names.stream().map(ColumnScan::quote).toArray(String[]::new));
        Tally total = selected.javaRDD().mapPartitions((Iterator<Row> rows) -> {
            Tally t = new Tally(width);
            while (rows.hasNext()) {
                Row row = rows.next();
                for (int c = 0; c < width; c++) {
                    t.add(c, row.get(c), maxLevels);
                }
            }
            return List.of(t).iterator();
        }).reduce((a, b) -> a.plus(b, maxLevels));
        List<SourceColumn> out = new ArrayList<>(width);
        for (int c = 0; c < width; c++) {
            String name = names.get(c);
            boolean categorical = typedCategorical.get(c) || declaredCategorical.contains(name)
                    || (csv && !total.numeric[c]);
            if (categorical && total.levels[c] == null) {
                throw new DesignException("column '" + name + "' has more than " + maxLevels + " levels");
            }
            out.add(new SourceColumn(name, categorical, categorical ? new ArrayList<>(total.levels[c]) : List.of()));
        }
        return out;
    }

    static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /** Per column: whether every present cell is a number, and its distinct present values (null past the cap). */
    static final class Tally implements Serializable {
        final boolean[] numeric;
        final TreeSet<String>[] levels;

        @SuppressWarnings("unchecked")
        Tally(int width) {
            numeric = new boolean[width];
            levels = new TreeSet[width];
            for (int c = 0; c < width; c++) {
                numeric[c] = true;
                levels[c] = new TreeSet<>();
            }
        }

        void add(int c, Object cell, int maxLevels) {
            if (Cells.missing(cell)) {
                return;
            }
            if (numeric[c] && Double.isNaN(Cells.number(cell))) {
                numeric[c] = false;
            }
            if (levels[c] != null) {
                levels[c].add(Cells.text(cell));
                if (levels[c].size() > maxLevels) {
                    levels[c] = null;
                }
            }
        }

        Tally plus(Tally o, int maxLevels) {
            for (int c = 0; c < numeric.length; c++) {
                numeric[c] &= o.numeric[c];
                if (levels[c] != null && o.levels[c] != null) {
                    levels[c].addAll(o.levels[c]);
                    if (levels[c].size() > maxLevels) {
                        levels[c] = null;
                    }
                } else {
                    levels[c] = null;
                }
            }
            return this;
        }
    }
}
