package dev.estimator.driver;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.estimator.engine.DesignException;
import dev.estimator.engine.FitResult;
import dev.estimator.engine.MissingValuesException;
import dev.estimator.engine.NoRowsLeftException;
import dev.estimator.engine.RunProtocol;
import dev.estimator.engine.StopReason;
import dev.estimator.engine.Trainer;
import dev.estimator.engine.TrainingOutcome;
import dev.estimator.engine.TrainingPlan;

/**
 * {@code train}: one run of a job on Spark, reporting to the service that launched it over the connection it
 * names ({@code --report host:port}; the run's token in {@code ESTIMATOR_RUN_TOKEN}): the service records every iteration, checkpoint and the
 * result exactly as for a job it trains itself, and answers each iteration with whether to go on. Options:
 * {@code --plan} ({@link TrainingPlan#encode()}), {@code --source-uri}, {@code --source-format},
 * {@code --source-header}, {@code --source-delimiter}, {@code --categorical} (Base64 of names, one a line),
 * {@code --name}, {@code --master}. A lost connection (the service died) ends the run: the job's lease lapses and
 * another instance resumes it from its last checkpoint.
 */
final class TrainCommand {

    private static final Logger log = LoggerFactory.getLogger(TrainCommand.class);

    /** Longest wait for the service's answer; generous, for a service waiting out a database outage. */
    static final int DEFAULT_REPORT_TIMEOUT_SECONDS = 600;

    private TrainCommand() {
    }

    static void run(Arguments options) throws IOException {
        TrainingPlan plan = TrainingPlan.decode(options.require("plan"));
        Source source = new Source(options.require("source-uri"), options.require("source-format"),
                Boolean.parseBoolean(options.get("source-header").orElse("true")),
                options.get("source-delimiter").orElse(","));
        Set<String> categorical = new HashSet<>();
        options.get("categorical").ifPresent(text -> {
            for (String line : new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty()) {
                    categorical.add(line);
                }
            }
        });
        String[] report = options.require("report").split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(report[0], Integer.parseInt(report[1])), 30_000);
            socket.setTcpNoDelay(true);
            // The service answers every iteration at once; one that vanished without closing the connection (its
            // node lost) would otherwise leave this driver waiting for ever and holding its executors.
            socket.setSoTimeout(1000 * Integer.parseInt(options.get("report-timeout")
                    .orElse(Integer.toString(DEFAULT_REPORT_TIMEOUT_SECONDS))));
            ObjectOutputStream out = RunProtocol.writer(socket.getOutputStream());
            String token = System.getenv("ESTIMATOR_RUN_TOKEN");
            out.writeObject(new RunProtocol.Hello(token != null ? token : options.require("token")));
            out.flush();
            ObjectInputStream in = RunProtocol.reader(socket.getInputStream());
            RunProtocol.Start start = (RunProtocol.Start) in.readObject();
            try (SparkSession spark = Sessions.open(options, options.get("name").orElse("estimator-train"))) {
                out.writeObject(new RunProtocol.Application(spark.sparkContext().applicationId(),
                        spark.sparkContext().uiWebUrl().getOrElse(() -> null)));
                out.flush();
                out.writeObject(train(spark, source, categorical, plan, start.checkpoint(), out, in));
                out.flush();
            }
        } catch (ClassNotFoundException e) {
            throw new IOException("the service sent an unknown message", e);
        }
    }

    private static Object train(SparkSession spark, Source source, Set<String> categorical, TrainingPlan plan,
            byte[] checkpoint, ObjectOutputStream out, ObjectInputStream in) {
        try (SparkTraining training = SparkTraining.prepare(spark, source, categorical, plan)) {
            Trainer trainer = training.trainer();
            if (checkpoint != null) {
                trainer.restore(checkpoint);
            }
            TrainingOutcome outcome = trainer.run((record, snapshot) -> {
                try {
                    out.writeObject(new RunProtocol.Iteration(record, snapshot.snapshot()));
                    out.flush();
                    out.reset();
                    return (Boolean) in.readObject();
                } catch (IOException | ClassNotFoundException e) {
                    throw new UncheckedIOException("lost the service: " + e.getMessage(),
                            e instanceof IOException io ? io : new IOException(e));
                }
            });
            boolean withResult = outcome.stopReason() != StopReason.DIVERGED
                    && outcome.stopReason() != StopReason.CANCELLED;
            FitResult result = withResult ? training.result(outcome) : null;
            log.info("Trained {} iterations: {}", outcome.iterations(), outcome.stopReason());
            return new RunProtocol.Finished(outcome, result, training.built().shape());
        } catch (RuntimeException e) {
            Throwable cause = e;
            while (cause != null) {
                if (cause instanceof MissingValuesException || cause instanceof NoRowsLeftException) {
                    return new RunProtocol.Failed("MISSING_VALUES", cause.getMessage());
                }
                if (cause instanceof DesignException) {
                    return new RunProtocol.Failed("DESIGN", cause.getMessage());
                }
                if (cause instanceof UncheckedIOException) {
                    throw e;
                }
                cause = cause.getCause();
            }
            log.error("Training failed", e);
            return new RunProtocol.Failed("INTERNAL", e.toString());
        }
    }
}
