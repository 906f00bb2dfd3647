package dev.estimator.job;

import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import dev.estimator.dataset.Dataset;
import dev.estimator.dataset.DatasetColumn;
import dev.estimator.dataset.DatasetSource;
import dev.estimator.engine.RunProtocol;
import dev.estimator.engine.StopReason;
import dev.estimator.engine.TrainingListener;
import dev.estimator.engine.TrainingOutcome;
import dev.estimator.engine.TrainingPlan;
import dev.estimator.spark.SparkApplication;
import dev.estimator.spark.SparkLaunch;
import dev.estimator.spark.SparkLauncher;
import dev.estimator.spark.SparkProperties;

/**
 * Trains a job on Spark from the runner's worker thread, so the job keeps its claim and lease as a local one
 * does: a driver application is launched with the job's plan and the address of a connection this run opens;
 * the driver streams each iteration with its snapshot and, last, its outcome, result and design, and the job is
 * recorded by the same {@link ProgressRecorder} and ending as a local job (fenced by the attempt). Each
 * iteration is answered with whether to go on, so a cancel stops the driver within an iteration. A driver that
 * dies (the connection ends without an outcome) is launched again from the last snapshot it sent, up to
 * {@link #MAX_LAUNCHES} times a run; the application is stopped whenever the run ends.
 *
 * <p>Why the driver streams rather than writing to the database itself: the recording (loss rows, progress,
 * checkpoints, fencing, events, metrics, the result and the stored model) then exists once, in the service, for
 * PostgreSQL and H2 alike — the embedded H2 file cannot be opened by a second process — and the driver needs no
 * database credentials.
 */
@Component
class SparkRuns {

    static final int MAX_LAUNCHES = 3;
    /** How many earlier attempts a claim looks at for applications left running. */
    static final int ORPHAN_ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(SparkRuns.class);
    private static final long POLL_MILLIS = 250;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectProvider<SparkLauncher> launcher;
    private final SparkProperties properties;
    private final JobRepository jobs;

    SparkRuns(ObjectProvider<SparkLauncher> launcher, SparkProperties properties, JobRepository jobs) {
        this.launcher = launcher;
        this.properties = properties;
        this.jobs = jobs;
    }

    boolean available() {
        return launcher.getIfAvailable() != null;
    }

    /** How a run on Spark ended: its last message ({@link RunProtocol.Finished} or {@link RunProtocol.Failed}). */
    Object train(RunningJob job, TrainingPlan plan, Dataset dataset, byte[] checkpoint, TrainingListener recorder)
            throws IOException {
        SparkLauncher spark = launcher.getIfAvailable();
        if (spark == null) {
            throw new IllegalStateException("Spark is not configured (estimator.spark.launcher)");
        }
        stopEarlierAttempts(spark, job.id(), job.attempt());
        byte[] resumeFrom = checkpoint;
        for (int launch = 1; ; launch++) {
            Session session = new Session(job, recorder, resumeFrom);
            Object end = session.run(spark, arguments(plan, dataset), launch);
            if (end != null) {
                return end;
            }
            if (launch >= MAX_LAUNCHES) {
                throw new IllegalStateException("the Spark driver ended without an outcome " + launch + " times");
            }
            resumeFrom = session.lastSnapshot != null ? session.lastSnapshot : resumeFrom;
            log.warn("Job {}: the Spark driver ended without an outcome; launching it again from iteration {}",
                    job.id(), session.lastIteration + 1);
        }
    }

    /** The application name of a job's attempt's launch: unique, and found again by it. */
    static String applicationName(UUID job, int attempt, int launch) {
        return "estimator-job-" + job.toString().substring(0, 8) + "-" + attempt + "-" + launch;
    }

    /**
     * Taking a job over from an instance that died (or lost its lease) while its driver ran: that driver may still
     * be running, on the cluster or as a child process of a dead instance on this machine, with nobody to report
     * to. It is stopped before the job is launched again from its checkpoint, so a job never has two drivers and
     * an orphan does not hold executors. (A driver that loses its service also stops by itself, after
     * {@code --report-timeout}.) The last {@link #ORPHAN_ATTEMPTS} attempts are looked at: earlier ones were
     * looked at by the claims in between.
     */
    static void stopEarlierAttempts(SparkLauncher spark, UUID job, int attempt) {
        for (int a = Math.max(1, attempt - ORPHAN_ATTEMPTS); a < attempt; a++) {
            for (int launch = 1; launch <= MAX_LAUNCHES; launch++) {
                String name = applicationName(job, a, launch);
                try {
                    spark.find(name).ifPresent(app -> {
                        if (!app.state().finished()) {
                            log.warn("Job {}: stopping the Spark application {} ({}), left running by the instance"
                                    + " that ran that attempt", job, name, app.state());
                        }
                        app.stop();
                    });
                } catch (RuntimeException e) {
                    // the cluster did not answer: the orphan stops by itself once it misses its service
                    log.warn("Job {}: could not look for the Spark application {}: {}", job, name, e.toString());
                }
            }
        }
    }

    private List<String> arguments(TrainingPlan plan, Dataset dataset) {
        DatasetSource source = dataset.source();
        List<String> args = new ArrayList<>(List.of("train", "--plan", plan.encode(), "--source-uri", source.uri(),
                "--source-format", source.format().apiName()));
        if (source.header() != null) {
            args.addAll(List.of("--source-header", source.header().toString()));
        }
        if (source.delimiter() != null) {
            args.addAll(List.of("--source-delimiter", source.delimiter().toString()));
        }
        String categorical = String.join("\n", dataset.columns().stream().filter(DatasetColumn::isCategorical)
                .map(DatasetColumn::name).toList());
        args.addAll(List.of("--categorical",
                Base64.getUrlEncoder().withoutPadding().encodeToString(categorical.getBytes(StandardCharsets.UTF_8))));
        return args;
    }

    /** One driver application and its connection. */
    private final class Session {
        private final RunningJob job;
        private final TrainingListener recorder;
        private final byte[] resumeFrom;
        private final BlockingQueue<Object> messages = new LinkedBlockingQueue<>();
        private volatile byte[] lastSnapshot;
        private volatile int lastIteration = -1;

        Session(RunningJob job, TrainingListener recorder, byte[] resumeFrom) {
            this.job = job;
            this.recorder = recorder;
            this.resumeFrom = resumeFrom;
        }

        /** The driver's last message, or null when it ended without one. */
        Object run(SparkLauncher spark, List<String> arguments, int launch) throws IOException {
            String token = HexFormat.of().formatHex(RANDOM.generateSeed(16));
            InetAddress host = InetAddress.getByName(properties.callbackHost());
            try (ServerSocket server = new ServerSocket(0, 1, host)) {
                server.setSoTimeout((int) POLL_MILLIS);
                List<String> args = new ArrayList<>(arguments);
                args.addAll(List.of("--report", properties.callbackHost() + ":" + server.getLocalPort()));
                String name = applicationName(job.id(), job.attempt(), launch);
                args.addAll(List.of("--name", name));
                // the token by environment: a command line is visible to every user of the machine
                SparkApplication app = spark.launch(new SparkLaunch(name, args, Map.of("ESTIMATOR_RUN_TOKEN", token)));
                try {
                    Socket socket = accept(server, app);
                    if (socket == null) {
                        return stopped();
                    }
                    try (socket) {
                        return converse(socket, token, app);
                    }
                } finally {
                    app.stop();
                }
            }
        }

        private Socket accept(ServerSocket server, SparkApplication app) throws IOException {
            while (true) {
                if (interrupted()) {
                    return null;
                }
                try {
                    return server.accept();
                } catch (SocketTimeoutException e) {
                    if (app.state().finished()) {
                        throw new IOException("the Spark driver " + app.id() + " ended (" + app.state()
                                + ") before it reported");
                    }
                }
            }
        }

        private Object converse(Socket socket, String token, SparkApplication app) throws IOException {
            socket.setTcpNoDelay(true);
            ObjectInputStream in = RunProtocol.reader(socket.getInputStream());
            ObjectOutputStream out = RunProtocol.writer(socket.getOutputStream());
            Object hello = read(in);
            if (!(hello instanceof RunProtocol.Hello h) || !h.token().equals(token)) {
                throw new IOException("the Spark driver did not introduce itself with its token");
            }
            out.writeObject(new RunProtocol.Start(resumeFrom));
            out.flush();
            Thread reader = new Thread(() -> pump(in), "spark-report-" + job.id());
            reader.setDaemon(true);
            reader.start();
            while (true) {
                Object message;
                try {
                    message = messages.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return stopped();
                }
                if (message == null) {
                    if (interrupted()) {
                        return stopped();
                    }
                    continue;
                }
                if (message instanceof RunProtocol.Application a) {
                    jobs.recordEngine(job.id(), job.attempt(), a.id(), a.ui());
                } else if (message instanceof RunProtocol.Iteration it) {
                    lastSnapshot = it.snapshot();
                    lastIteration = it.record().iteration();
                    boolean goOn = recorder.onIteration(it.record(), it::snapshot);
                    out.writeObject(goOn && !Thread.currentThread().isInterrupted());
                    out.flush();
                } else if (message instanceof RunProtocol.Finished || message instanceof RunProtocol.Failed) {
                    return message;
                } else if (message instanceof Ended ended) {
                    log.warn("Job {}: lost the Spark driver {}: {}", job.id(), app.id(), ended.why());
                    return null;
                }
            }
        }

        private void pump(ObjectInputStream in) {
            try {
                while (true) {
                    messages.add(read(in));
                }
            } catch (EOFException e) {
                messages.add(new Ended("the connection closed"));
            } catch (IOException e) {
                messages.add(new Ended(e.toString()));
            }
        }

        private static Object read(ObjectInputStream in) throws IOException {
            try {
                return in.readObject();
            } catch (ClassNotFoundException e) {
                throw new IOException("unknown message from the Spark driver", e);
            }
        }

        /** Cancel, release for shutdown, or a lost claim: stop waiting for the driver. */
        private boolean interrupted() {
            return job.cancelRequested() || job.releaseRequested() || job.fenced() || job.abandoned()
                    || Thread.currentThread().isInterrupted();
        }

        /** Stopped before the driver finished: as a trainer stopped by its listener ends. */
        private Object stopped() {
            return new RunProtocol.Finished(new TrainingOutcome(new double[0], StopReason.CANCELLED,
                    lastIteration + 1, -1, Double.NaN, 0L), null, null);
        }
    }

    private record Ended(String why) {
    }
}
