package dev.estimator.driver;

import java.util.UUID;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code profile --dataset <id> --attempt <n> --max-levels <n>}: reads a dataset by reference once and records
 * its column summaries and parts, making it READY, or FAILED with a reason when the source cannot be read or
 * typed. Writes nothing unless attempt {@code n} is still the dataset's (see {@link DatasetStore}). Exits normally
 * when it recorded an outcome; an exception (e.g. the database is unreachable) ends the run without one, and the
 * service launches another attempt.
 */
final class ProfileCommand {

    private static final Logger log = LoggerFactory.getLogger(ProfileCommand.class);

    private ProfileCommand() {
    }

    static void run(Arguments options) throws Exception {
        UUID id = UUID.fromString(options.require("dataset"));
        int attempt = Integer.parseInt(options.require("attempt"));
        int maxLevels = Integer.parseInt(options.get("max-levels").orElse("1000"));
        try (DatasetStore store = DatasetStore.open()) {
            var registration = store.registration(id).orElse(null);
            if (registration == null || !"PROFILING".equals(registration.status())
                    || registration.attempt() != attempt) {
                log.info("Dataset {} is no longer profiled by attempt {}; nothing to do", id, attempt);
                return;
            }
            SourceFrames.Source source = new SourceFrames.Source(registration.uri(), registration.format(),
                    registration.header(), registration.delimiter());
            SourceProfiler.Outcome outcome;
            long start = System.nanoTime();
            try (SparkSession spark = Sessions.open(options, "estimator-profile-" + id)) {
                outcome = profile(spark, source, registration, maxLevels);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            boolean written;
            if (outcome instanceof SourceProfiler.Ready ready) {
                written = store.ready(id, attempt, ready.rows(), ready.columns(), ready.parts());
                log.info("Dataset {} READY: {} rows, {} columns, {} parts, profiled in {} ms", id, ready.rows(),
                        ready.columns().size(), ready.parts().size(), millis);
            } else {
                SourceProfiler.Failed failed = (SourceProfiler.Failed) outcome;
                written = store.failed(id, attempt, failed.code(), failed.message());
                log.info("Dataset {} FAILED ({}) after {} ms", id, failed.code(), millis);
            }
            if (!written) {
                log.info("Dataset {}: attempt {} was superseded; its outcome was not recorded", id, attempt);
            }
        }
    }

    private static SourceProfiler.Outcome profile(SparkSession spark, SourceFrames.Source source,
            DatasetStore.Registration registration, int maxLevels) {
        try {
            return SourceProfiler.profile(spark, source, registration.categorical(), maxLevels);
        } catch (Exception e) {
            // Spark's analysis and read errors (no such path, unreadable or malformed parts) are the source's
            // fault: the dataset FAILED with Spark's own words, which name the path but never credentials.
            log.warn("Reading the source failed", e);
            return new SourceProfiler.Failed("SOURCE_UNREADABLE", message(e));
        }
    }

    private static String message(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null) {
            text = text + " (" + root.getMessage() + ")";
        }
        // one line, bounded: it is shown in the API
        text = text.replaceAll("\\s+", " ").strip();
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }
}
