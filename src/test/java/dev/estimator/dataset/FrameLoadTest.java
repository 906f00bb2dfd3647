package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.estimator.engine.ColumnType;
import dev.estimator.engine.Frame;

/** The job-facing service: metadata, frames decoded from several chunks, the frame cache. */
class FrameLoadTest extends DatasetHttpTest {

    @Autowired
    DatasetService datasets;

    @Test
    void loadFrameRoundTripsValuesMissingValuesAndCodesAcrossChunks() {
        // 2,537 rows with chunk-rows 1000: two full chunks and a short one.
        int rows = 2537;
        Random random = new Random(83);
        double[] x = new double[rows];
        double[] level = new double[rows];
        String[] levels = {"blue", "green", "red"};
        StringBuilder csv = new StringBuilder("x,colour,k\n");
        for (int i = 0; i < rows; i++) {
            x[i] = i % 11 == 0 ? Double.NaN : random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
            level[i] = i % 13 == 0 ? Double.NaN : random.nextInt(3);
            csv.append(Double.isNaN(x[i]) ? "NA" : Double.toString(x[i])).append(',')
                    .append(Double.isNaN(level[i]) ? "" : levels[(int) level[i]]).append(',')
                    .append(i).append('\n');
        }
        UUID id = id(created(csv.toString(), "?name=frame"));
        long loadsBefore = datasets.frameLoads();

        Frame frame = datasets.loadFrame(id);

        assertThat(datasets.frameLoads()).isEqualTo(loadsBefore + 1);
        assertThat(frame.rows()).isEqualTo(rows);
        assertThat(frame.columns()).extracting(Frame.Column::name).containsExactly("x", "colour", "k");
        assertThat(frame.column("x").type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(frame.column("x").values()).containsExactly(x);
        Frame.Column colour = frame.column("colour");
        assertThat(colour.type()).isEqualTo(ColumnType.CATEGORICAL);
        assertThat(colour.levels()).containsExactly("blue", "green", "red");
        assertThat(colour.values()).containsExactly(level);
        double[] k = frame.column("k").values();
        for (int i = 0; i < rows; i++) {
            assertThat(k[i]).isEqualTo(i);
        }

        assertThat(datasets.loadFrame(id)).isSameAs(frame);
        assertThat(datasets.frameLoads()).isEqualTo(loadsBefore + 1);
    }

    @Test
    void findGivesTheMetadataJobsValidateAgainst() {
        UUID id = id(created("y,group\n1.5,b\n2.5,a\n,b\n", "?name=meta"));

        Dataset dataset = datasets.find(id, ADMIN).orElseThrow();

        assertThat(dataset.name()).isEqualTo("meta");
        assertThat(dataset.rows()).isEqualTo(3);
        assertThat(dataset.columnNames()).containsExactly("y", "group");
        DatasetColumn y = dataset.column("y").orElseThrow();
        assertThat(y.type()).isEqualTo(ColumnType.NUMERIC);
        assertThat(y.missing()).isEqualTo(1);
        assertThat(y.mean()).isEqualTo(2.0);
        assertThat(dataset.column("group").orElseThrow().levels()).isEqualTo(List.of("a", "b"));
        assertThat(datasets.find(UUID.randomUUID(), ADMIN)).isEmpty();
    }

    @Test
    void deletingEvictsTheFrame() {
        UUID id = id(created("a\n1\n2\n", ""));
        datasets.loadFrame(id);

        datasets.delete(id, ADMIN);

        assertThatThrownBy(() -> datasets.loadFrame(id))
                .isInstanceOfSatisfying(DatasetNotFoundException.class, e -> assertThat(e.datasetId()).isEqualTo(id));
        assertThatThrownBy(() -> datasets.loadFrame(UUID.randomUUID())).isInstanceOf(DatasetNotFoundException.class);
    }
}
