package dev.estimator.driver;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;

import dev.estimator.engine.DesignException;
import dev.estimator.engine.Frame;

/**
 * The rows of one split of one file, column by column as the engine's {@link Frame} holds them (numbers, or
 * level codes; missing values NaN), in file order.
 */
final class RawBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    final BlockKey key;
    final int rows;
    final double[][] values;

    RawBlock(BlockKey key, int rows, double[][] values) {
        this.key = key;
        this.rows = rows;
        this.values = values;
    }

    Frame frame(List<SourceColumn> columns) {
        List<Frame.Column> out = new ArrayList<>(columns.size());
        for (int c = 0; c < columns.size(); c++) {
            SourceColumn s = columns.get(c);
            out.add(s.categorical() ? Frame.Column.categorical(s.name(), values[c], s.levels())
                    : Frame.Column.numeric(s.name(), values[c]));
        }
        return new Frame(rows, out);
    }

    /**
     * A partition's rows, selected as the columns then the file path and split start, as blocks: one per
     * (file, split) — a partition may hold several small files.
     */
    static Iterator<RawBlock> of(Iterator<Row> rows, List<SourceColumn> columns, Map<String, Integer> fileRanks) {
        List<RawBlock> out = new ArrayList<>();
        int width = columns.size();
        String path = null;
        long start = -1;
        List<double[]> current = new ArrayList<>();
        while (rows.hasNext()) {
            Row row = rows.next();
            String p = row.getString(width);
            long s = row.getLong(width + 1);
            if (!p.equals(path) || s != start) {
                if (path != null) {
                    out.add(block(path, start, current, width, fileRanks));
                }
                path = p;
                start = s;
                current = new ArrayList<>();
            }
            double[] values = new double[width];
            for (int c = 0; c < width; c++) {
                values[c] = value(row.get(c), columns.get(c));
            }
            current.add(values);
        }
        if (path != null) {
            out.add(block(path, start, current, width, fileRanks));
        }
        return out.iterator();
    }

    private static RawBlock block(String path, long start, List<double[]> rows, int width,
            Map<String, Integer> fileRanks) {
        Integer file = fileRanks.get(DesignBlocks.path(path));
        if (file == null) {
            throw new IllegalStateException("file " + path + " is not among the source's files");
        }
        double[][] columns = new double[width][rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            double[] row = rows.get(r);
            for (int c = 0; c < width; c++) {
                columns[c][r] = row[c];
            }
        }
        return new RawBlock(new BlockKey(file, start), rows.size(), columns);
    }

    private static double value(Object cell, SourceColumn column) {
        if (Cells.missing(cell)) {
            return Double.NaN;
        }
        if (column.categorical()) {
            int code = Collections.binarySearch(column.levels(), Cells.text(cell));
            if (code < 0) {
                throw new DesignException("column '" + column.name() + "' has a value that is not one of its levels: "
                        + Cells.text(cell));
            }
            return code;
        }
        double v = Cells.number(cell);
        if (Double.isNaN(v)) {
            throw new DesignException("numeric column '" + column.name() + "' has a value that is not a number: "
                    + Cells.text(cell));
        }
        return v;
    }
}
