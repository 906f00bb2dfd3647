package dev.estimator.driver;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * A dataset by reference as Spark reads it: its data columns followed by where each row comes from (file path,
 * start of the file split, file size), so that rows can be put in an order given by the data — parts by path, rows
 * in file order — whatever the partitioning. Spark reads a directory's files whose names do not start with
 * {@code _} or {@code .}. CSV is read as text (every cell a string, quotes and doubled quotes as RFC 4180, records
 * over several lines, any malformed record an error) without Spark's header handling: each file is one split
 * ({@code multiLine}), and its first record, the header, is the caller's to read.
 */
final class SourceFrames {

    /** The columns after the data columns. */
    static final int PATH = 0;
    static final int BLOCK_START = 1;
    static final int FILE_SIZE = 2;
    static final int LOCATION_COLUMNS = 3;

    private SourceFrames() {
    }

    record Source(String uri, String format, Boolean header, Character delimiter) {

        boolean csv() {
            return "csv".equals(format.toLowerCase(Locale.ROOT));
        }

        boolean csvHeader() {
            return csv() && (header == null || header);
        }
    }

    /** The frame and how many data columns lead it. */
    record Frame(Dataset<Row> rows, int dataColumns, List<String> names) {
    }

    static Frame read(SparkSession spark, Source source) {
        Dataset<Row> data;
        if (source.csv()) {
            data = spark.read()
                    .option("header", "false")
                    .option("inferSchema", "false")
                    .option("sep", String.valueOf(source.delimiter() == null ? ',' : source.delimiter()))
                    .option("quote", "\"")
                    .option("escape", "\"")
                    .option("multiLine", "true")
                    .option("mode", "FAILFAST")
                    .option("encoding", "UTF-8")
                    .csv(source.uri());
        } else {
            data = spark.read().parquet(source.uri());
        }
        String[] names = data.columns();
        List<Column> columns = new ArrayList<>();
        for (String name : names) {
            columns.add(data.col("`" + name.replace("`", "``") + "`"));
        }
        columns.add(functions.col("_metadata.file_path"));
        columns.add(functions.col("_metadata.file_block_start"));
        columns.add(functions.col("_metadata.file_size"));
        List<String> columnNames = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            // without a header, an upload names its columns c0, c1, ...; Spark's own are _c0, _c1, ...
            columnNames.add(source.csv() ? "c" + i : names[i]);
        }
        return new Frame(data.select(columns.toArray(Column[]::new)), names.length, columnNames);
    }
}
