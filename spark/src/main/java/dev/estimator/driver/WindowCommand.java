package dev.estimator.driver;

import java.util.List;
import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code rows --window <id>}: reads the window of rows a {@code dataset_window} request asks for and writes its
 * cells (or why it could not) into the request, where the service waits for them.
 */
final class WindowCommand {

    private static final Logger log = LoggerFactory.getLogger(WindowCommand.class);

    private WindowCommand() {
    }

    static void run(Arguments options) throws Exception {
        UUID windowId = UUID.fromString(options.require("window"));
        try (DatasetStore store = DatasetStore.open()) {
            var request = store.window(windowId).orElse(null);
            if (request == null) {
                log.info("Window {} is no longer wanted", windowId);
                return;
            }
            var registration = store.registration(request.datasetId()).orElseThrow();
            SourceFrames.Source source = new SourceFrames.Source(registration.uri(), registration.format(),
                    registration.header(), registration.delimiter());
            List<DatasetStore.Part> parts = store.parts(request.datasetId());
            long start = System.nanoTime();
            List<List<String>> rows;
            try (SparkSession spark = Sessions.open(options, "estimator-rows-" + windowId)) {
                rows = WindowReader.read(spark, source, parts, request.offset(), request.limit());
            } catch (Exception e) {
                log.warn("Reading rows of dataset {} failed", request.datasetId(), e);
                store.windowFailed(windowId, "the source could not be read: " + e.getMessage());
                return;
            }
            store.windowRead(windowId, rows);
            log.info("Read {} rows of dataset {} in {} ms", rows.size(), request.datasetId(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
