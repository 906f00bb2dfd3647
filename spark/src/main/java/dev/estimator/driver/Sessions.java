package dev.estimator.driver;

import org.apache.spark.sql.SparkSession;

/** The driver's Spark session: the master from {@code --master} when given, else Spark's own configuration. */
final class Sessions {

    private Sessions() {
    }

    static SparkSession open(Arguments options, String name) {
        SparkSession.Builder builder = SparkSession.builder().appName(name)
                // one partial sum per block and per iteration is all the driver collects; no UI is needed locally
                .config("spark.ui.showConsoleProgress", "false");
        options.get("master").ifPresent(builder::master);
        return builder.getOrCreate();
    }
}
