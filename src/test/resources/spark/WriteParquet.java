// Writes Parquet parts for the service's tests of datasets by reference. Spark is not on the service's class
// path, so the tests run this file as a program (java's source-file mode) on the Spark driver's own jars, which
// bring parquet-hadoop and the Hadoop client: `java -cp 'target/spark-driver/*' WriteParquet.java <dir> <tsv>...`.
// Each TSV file becomes one part, part-<n>.parquet, of columns x (double), g (string), n (int64); an empty field
// is null. A _SUCCESS marker is written too, as Spark writes one, and must be ignored by readers.

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

public class WriteParquet {

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        MessageType schema = MessageTypeParser.parseMessageType(
                "message rows { optional double x; optional binary g (UTF8); optional int64 n; }");
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        for (int part = 1; part < args.length; part++) {
            List<String> lines = Files.readAllLines(Path.of(args[part]));
            org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(
                    dir.resolve("part-" + (part - 1) + ".parquet").toUri());
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(file).withConf(new Configuration())
                    .withType(schema).build()) {
                for (String line : lines) {
                    String[] f = line.split("\t", -1);
                    Group g = groups.newGroup();
                    if (!f[0].isEmpty()) {
                        g.add("x", Double.parseDouble(f[0]));
                    }
                    if (!f[1].isEmpty()) {
                        g.add("g", f[1]);
                    }
                    if (!f[2].isEmpty()) {
                        g.add("n", Long.parseLong(f[2]));
                    }
                    writer.write(g);
                }
            }
        }
        Files.writeString(dir.resolve("_SUCCESS"), "");
    }
}
