package dev.estimator.driver;

import java.util.Arrays;

/**
 * The Spark driver's entry point: {@code Main <command> [--option value]…}, the command one of {@code train},
 * {@code profile}, {@code rows}. Database settings come from the environment ({@code ESTIMATOR_DB_URL},
 * {@code ESTIMATOR_DB_USER}, {@code ESTIMATOR_DB_PASSWORD}), never from arguments. Exits 0 when the command
 * finished (whatever the job's outcome, which it recorded), non-zero when it could not.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: Main train|profile|rows [--option value]...");
            System.exit(2);
        }
        Arguments options = Arguments.parse(Arrays.copyOfRange(args, 1, args.length));
        switch (args[0]) {
            case "train" -> TrainCommand.run(options);
            case "profile" -> ProfileCommand.run(options);
            case "parquet" -> {
                // a CSV file or directory (with a header) as a Parquet directory of --parts files: data preparation
                try (var spark = Sessions.open(options, "estimator-parquet")) {
                    spark.read().option("header", true).option("inferSchema", true).csv(options.require("from"))
                            .repartition(Integer.parseInt(options.get("parts").orElse("1")))
                            .write().parquet(options.require("to"));
                }
            }
            case "ping" -> {
                // starts a session and says which: how a launcher is checked without a job
                try (var spark = Sessions.open(options, "estimator-ping")) {
                    System.out.println("spark " + spark.version() + " application " + spark.sparkContext().applicationId()
                            + " sum " + spark.range(1, 101).selectExpr("sum(id)").first().get(0));
                }
            }
            default -> {
                System.err.println("unknown command " + args[0]);
                System.exit(2);
            }
        }
    }
}
