package dev.estimator.driver;

import java.io.Serializable;
import java.util.Locale;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Where a dataset's rows are: a Parquet or CSV directory (or file) by URI, as Spark reads it. A CSV source is
 * read as text (every part file starting with the header when {@code header}); its cells are parsed by
 * {@link Cells} with the upload's rules.
 */
record Source(String uri, String format, boolean header, String delimiter) implements Serializable {

    Source {
        format = format.toLowerCase(Locale.ROOT);
        if (!format.equals("parquet") && !format.equals("csv")) {
            throw new IllegalArgumentException("format must be parquet or csv, not " + format);
        }
        delimiter = delimiter == null || delimiter.isEmpty() ? "," : delimiter;
    }

    static Source parquet(String uri) {
        return new Source(uri, "parquet", true, ",");
    }

    boolean csv() {
        return format.equals("csv");
    }

    Dataset<Row> read(SparkSession spark) {
        if (csv()) {
            return spark.read().option("header", header).option("delimiter", delimiter).option("inferSchema", false)
                    .option("mode", "FAILFAST").csv(uri);
        }
        return spark.read().parquet(uri);
    }
}
