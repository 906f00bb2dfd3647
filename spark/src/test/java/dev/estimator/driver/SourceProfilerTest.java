package dev.estimator.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.estimator.engine.ColumnSummary;

/**
 * Profiling on Spark ({@code local[2]}) against the typing rules applied in one pass to the same cells, as an
 * upload applies them.
 */
class SourceProfilerTest {

    private static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("profile-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** x: numbers with missing values, g: text, n: numbers typed categorical by request. */
    private static List<Row> rows(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Double x = random.nextInt(8) == 0 ? null : random.nextGaussian() * 100 + 5;
            rows.add(RowFactory.create(x, "g" + random.nextInt(4), (long) random.nextInt(3)));
        }
        return rows;
    }

    private static ColumnSummary onePass(List<Row> rows, int column, boolean categorical) {
        ColumnSummary s = new ColumnSummary(categorical, 1000);
        for (Row row : rows) {
            s.accept(SourceCells.text(row.get(column)));
        }
        return s;
    }

    @Test
    void parquetPartsGiveTheSummariesOfOnePassOverTheirRows() {
        StructType schema = new StructType().add("x", DataTypes.DoubleType).add("g", DataTypes.StringType)
                .add("n", DataTypes.LongType);
        List<Row> rows = rows(2_003, 7);
        String uri = dir.resolve("parquet").toUri().toString();
        spark.createDataFrame(rows, schema).repartition(3).write().parquet(uri);

        var outcome = SourceProfiler.profile(spark, new SourceFrames.Source(uri, "parquet", null, null), List.of("n"),
                1000);
        SourceProfiler.Ready ready = assertInstanceOf(SourceProfiler.Ready.class, outcome);
        assertEquals(2_003, ready.rows());
        assertEquals(3, ready.parts().size());
        assertEquals(2_003, ready.parts().stream().mapToLong(DatasetStore.Part::rows).sum());
        assertTrue(ready.parts().stream().noneMatch(p -> p.path().contains("/_") || p.path().contains("/.")));

        // repartition shuffles the rows: compare with one pass over the rows in the profile's own order
        List<Row> inOrder = spark.read().parquet(uri).select("x", "g", "n", "_metadata.file_path").collectAsList()
                .stream().sorted(java.util.Comparator.comparing((Row r) -> r.getString(3))).toList();
        DatasetStore.Column x = ready.columns().get(0);
        ColumnSummary expected = onePass(inOrder, 0, false);
        assertTrue(x.numeric());
        assertEquals(expected.missing(), x.missing());
        assertEquals(expected.min(), x.min());
        assertEquals(expected.max(), x.max());
        assertEquals(expected.mean(), x.mean(), 1e-12 * Math.abs(expected.mean()));
        assertEquals(expected.std(), x.std(), 1e-12 * expected.std());
        assertEquals(List.of("g0", "g1", "g2", "g3"), ready.columns().get(1).levels());
        assertEquals(List.of("0", "1", "2"), ready.columns().get(2).levels());
        assertNull(ready.columns().get(2).mean());
    }

    @Test
    void csvPartsWithHeadersQuotesAndMissingMarkers() throws IOException {
        Path csv = Files.createDirectories(dir.resolve("csv"));
        Files.writeString(csv.resolve("part-0.csv"), "\uFEFFa;b\n1;\"x;y\"\nNA;\"q\"\"uote\"\n", StandardCharsets.UTF_8);
        Files.writeString(csv.resolve("part-1.csv"), "a;b\n2.5;\n\n-4;\"multi\nline\"\n", StandardCharsets.UTF_8);
        Files.writeString(csv.resolve("_SUCCESS"), "", StandardCharsets.UTF_8);
        Files.writeString(csv.resolve(".hidden.csv"), "a;b\nhidden;row\n", StandardCharsets.UTF_8);

        var outcome = SourceProfiler.profile(spark, new SourceFrames.Source(csv.toUri().toString(), "csv", true, ';'),
                List.of(), 1000);
        SourceProfiler.Ready ready = assertInstanceOf(SourceProfiler.Ready.class, outcome);
        assertEquals(4, ready.rows());
        assertEquals(List.of(2L, 2L), ready.parts().stream().map(DatasetStore.Part::rows).toList());
        DatasetStore.Column a = ready.columns().get(0);
        assertEquals("a", a.name());
        assertEquals(1, a.missing());
        assertEquals(-4.0, a.min());
        assertEquals(2.5, a.max());
        assertEquals((1 + 2.5 - 4) / 3, a.mean(), 1e-15);
        DatasetStore.Column b = ready.columns().get(1);
        assertEquals(1, b.missing());
        assertEquals(List.of("multi\nline", "q\"uote", "x;y"), b.levels());
    }

    @Test
    void partsWithDifferentHeadersTooManyLevelsAndMissingPathsFail() throws IOException {
        Path csv = Files.createDirectories(dir.resolve("headers"));
        Files.writeString(csv.resolve("p0.csv"), "a,b\n1,2\n");
        Files.writeString(csv.resolve("p1.csv"), "a,c\n1,2\n");
        var headers = SourceProfiler.profile(spark, new SourceFrames.Source(csv.toUri().toString(), "csv", true, ','),
                List.of(), 1000);
        assertEquals("INVALID_SOURCE", assertInstanceOf(SourceProfiler.Failed.class, headers).code());

        Path levels = Files.createDirectories(dir.resolve("levels"));
        Files.writeString(levels.resolve("p0.csv"), "k\na\nb\nc\n");
        var tooMany = SourceProfiler.profile(spark, new SourceFrames.Source(levels.toUri().toString(), "csv", true,
                ','), List.of(), 2);
        assertEquals("TOO_MANY_LEVELS", assertInstanceOf(SourceProfiler.Failed.class, tooMany).code());

        var unknown = SourceProfiler.profile(spark, new SourceFrames.Source(levels.toUri().toString(), "csv", true,
                ','), List.of("nope"), 10);
        assertEquals("INVALID_SOURCE", assertInstanceOf(SourceProfiler.Failed.class, unknown).code());
    }
}
