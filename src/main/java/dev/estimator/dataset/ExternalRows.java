package dev.estimator.dataset;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.estimator.engine.CellValues;
import dev.estimator.spark.SparkApplication;
import dev.estimator.spark.SparkApplicationState;
import dev.estimator.spark.SparkLaunch;
import dev.estimator.spark.SparkLauncher;
import dev.estimator.domain.Unavailable;
import tools.jackson.databind.json.JsonMapper;

/**
 * A window of a dataset by reference's rows, read by a short Spark run (the driver's {@code rows} command): the
 * request goes into {@code dataset_window}, the run writes the cells there, and the caller's request waits for them
 * (a Spark start-up, seconds, is the price of reading rows that live elsewhere). Cells arrive as the text profiling
 * typed, and are turned into values here by the same rules: numbers for numeric columns, levels for categorical
 * ones, null when missing.
 */
@Component
class ExternalRows {

    private static final Logger log = LoggerFactory.getLogger(ExternalRows.class);
    private static final long POLL_MILLIS = 200;

    private final DatasetRepository repository;
    private final ObjectProvider<SparkLauncher> launcher;
    private final ProfilingProperties settings;
    private final Clock clock;
    private final JsonMapper json = JsonMapper.shared();

    ExternalRows(DatasetRepository repository, ObjectProvider<SparkLauncher> launcher, ProfilingProperties settings,
            ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.launcher = launcher;
        this.settings = settings;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    DatasetRows read(Dataset dataset, long offset, int limit) {
        if (offset >= dataset.rows() || limit == 0) {
            return new DatasetRows(dataset.columnNames(), List.of());
        }
        SparkLauncher sparkLauncher = launcher.getIfAvailable();
        if (sparkLauncher == null) {
            throw unavailable("no Spark launcher is configured (estimator.spark.launcher)");
        }
        UUID window = UUID.randomUUID();
        repository.insertWindow(window, dataset.id(), offset, limit,
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
        try {
            SparkApplication application = sparkLauncher.launch(new SparkLaunch("estimator-rows-" + window,
                    List.of("rows", "--window", window.toString()), Map.of()));
            String[][] cells = await(window, application);
            return new DatasetRows(dataset.columnNames(), values(dataset.columns(), cells));
        } finally {
            repository.deleteWindow(window);
        }
    }

    private String[][] await(UUID window, SparkApplication application) {
        Instant deadline = clock.instant().plus(settings.rowsTimeout());
        try {
            while (true) {
                String[] outcome = repository.windowOutcome(window).orElseThrow(
                        () -> unavailable("the request for the rows disappeared"));
                if (outcome[0] != null) {
                    return json.readValue(outcome[0], String[][].class);
                }
                if (outcome[1] != null) {
                    throw unavailable(outcome[1]);
                }
                SparkApplicationState state = application.state();
                if (state == SparkApplicationState.FAILED || state == SparkApplicationState.GONE
                        || state == SparkApplicationState.SUCCEEDED) {
                    // a last look: the run may have written just before it ended
                    if (repository.windowOutcome(window).map(o -> o[0] != null || o[1] != null).orElse(false)) {
                        continue;
                    }
                    throw unavailable("the Spark run reading the rows ended " + state + " without them");
                }
                if (clock.instant().isAfter(deadline)) {
                    application.stop();
                    throw unavailable("the Spark run reading the rows took longer than " + settings.rowsTimeout());
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            application.stop();
            throw unavailable("interrupted while waiting for the rows");
        }
    }

    private static List<List<Object>> values(List<DatasetColumn> columns, String[][] cells) {
        List<List<Object>> rows = new ArrayList<>(cells.length);
        for (String[] row : cells) {
            Object[] values = new Object[columns.size()];
            for (int c = 0; c < values.length && c < row.length; c++) {
                String cell = row[c];
                if (CellValues.isMissing(cell)) {
                    values[c] = null;
                } else if (columns.get(c).isCategorical()) {
                    values[c] = cell;
                } else {
                    double v = CellValues.parseFinite(cell);
                    values[c] = Double.isNaN(v) ? null : v;
                }
            }
            rows.add(Arrays.asList(values));
        }
        return rows;
    }

    private static Unavailable unavailable(String reason) {
        log.warn("Rows of a dataset by reference could not be read: {}", reason);
        Unavailable unavailable = new Unavailable("rows-unavailable", "Rows could not be read", reason);
        unavailable.retryAfter(10);
        return unavailable;
    }
}
