package dev.estimator.job;

import dev.estimator.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ForkJoinPool;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.estimator.EstimatorApplication;
import dev.estimator.engine.Algorithm;
import dev.estimator.engine.DenseBlock;
import dev.estimator.engine.DesignMatrix;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.Trainer;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.TrainingOutcome;

/**
 * What recording costs a running job (a plain harness, not a test; {@code ./mvnw -B -Pbench-checkpoint verify
 * -DskipTests}). On a {@code rows × p} full-batch GD problem it times iterations of the trainer alone (a
 * listener that does nothing) against iterations recorded as the service records them: a
 * {@link ProgressRecorder} buffering every loss point and writing the points, the progress and a checkpoint
 * to PostgreSQL every flush interval (500 ms), in a database of its own. It also times single flushes.
 *
 * <p>System properties: {@code bench.rows} (1000000), {@code bench.p} (16), {@code bench.iterations} (100),
 * {@code bench.rounds} (9), {@code bench.flush-interval} (500ms; a long one isolates the per-iteration
 * bookkeeping from the writes); the database is named after the test database ({@code dev.estimator.TestDatabase}) plus {@code _bench}.
 */
public final class CheckpointBenchmark {

    private CheckpointBenchmark() {
    }

    public static void main(String[] args) {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int p = Integer.getInteger("bench.p", 16);
        int iterations = Integer.getInteger("bench.iterations", 100);
        int rounds = Integer.getInteger("bench.rounds", 9);
        DesignMatrix matrix = matrix(rows, p);
        TrainingConfig config = TrainingConfig.builder(ModelKind.LINEAR).algorithm(Algorithm.GD).learningRate(0.1)
                .maxIterations(iterations).tolerance(0).partitions(8).seed(1).build();
        String url = TestDatabase.fresh("bench");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(EstimatorApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + TestDatabase.user(),
                        "--spring.datasource.password=" + TestDatabase.password(),
                        "--estimator.jobs.flush-interval=" + System.getProperty("bench.flush-interval", "500ms"),
                        "--logging.level.root=WARN")) {
            context.getBean(JobRunner.class).pause();
            JobRepository repository = context.getBean(JobRepository.class);
            JobQueue queue = context.getBean(JobQueue.class);
            JobProperties properties = context.getBean(JobProperties.class);
            Clock clock = context.getBean(Clock.class);
            ForkJoinPool pool = new ForkJoinPool(properties.poolParallelism());
            try {
                System.out.printf(Locale.ROOT, "checkpoint benchmark: %d x %d GD, %d iterations a run, %d pool "
                        + "threads, flush every %d ms%n", rows, p, iterations, properties.poolParallelism(),
                        properties.flushInterval().toMillis());
                double[] engine = new double[rounds];
                double[] recorded = new double[rounds];
                // round -1 warms up; the two kinds alternate which goes first
                for (int round = -1; round < rounds; round++) {
                    boolean engineFirst = round % 2 == 0;
                    double e = 0;
                    double r = 0;
                    for (int k = 0; k < 2; k++) {
                        if ((k == 0) == engineFirst) {
                            e = perIteration(new Trainer(matrix, config, pool).run((rec, cp) -> true));
                        } else {
                            RunningJob job = claim(repository, queue, clock, iterations);
                            ProgressRecorder recorder = new ProgressRecorder(job, queue,
                                    context.getBean(JobEvents.class), context.getBean(JobMetrics.class), clock,
                                    context.getBean(JobDatabaseHealthIndicator.class), properties, iterations, 0,
                                    null, null);
                            r = perIteration(new Trainer(matrix, config, pool).run(recorder));
                        }
                    }
                    if (round >= 0) {
                        engine[round] = e;
                        recorded[round] = r;
                        System.out.printf(Locale.ROOT, "round %d: engine only %.2f ms/iteration, recorded %.2f "
                                + "ms/iteration%n", round, e, r);
                    }
                }
                double me = median(engine);
                double mr = median(recorded);
                double[] paired = new double[rounds];
                for (int i = 0; i < rounds; i++) {
                    paired[i] = recorded[i] - engine[i];
                }
                System.out.printf(Locale.ROOT, "median: engine only %.2f ms/iteration, recorded %.2f ms/iteration; "
                        + "median overhead of a round %+.2f ms/iteration (%+.1f%%)%n", me, mr, median(paired),
                        100 * median(paired) / me);
                flushes(repository, queue, clock, config, matrix, pool);
            } finally {
                pool.shutdown();
            }
        }
    }

    /** One flush's time: ten loss points, the progress and a checkpoint, in one transaction. */
    private static void flushes(JobRepository repository, JobQueue queue, Clock clock, TrainingConfig config,
            DesignMatrix matrix, ForkJoinPool pool) {
        RunningJob job = claim(repository, queue, clock, 1000);
        byte[] checkpoint = new Trainer(matrix, config, pool).snapshot();
        int n = 200;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            List<LossPoint> points = new java.util.ArrayList<>();
            for (int k = 0; k < 10; k++) {
                points.add(new LossPoint(i * 10 + k, 1.0, null, 0.5, 0.1, i));
            }
            queue.flush(job.id(), job.attempt(), new ProgressWrite(points, i * 10 + 10, 1.0, null, checkpoint),
                    clock.instant().plusSeconds(15));
        }
        System.out.printf(Locale.ROOT, "one flush (10 loss rows, progress, %d-byte checkpoint): %.2f ms%n",
                checkpoint.length, (System.nanoTime() - start) / 1e6 / n);
    }

    private static RunningJob claim(JobRepository repository, JobQueue queue, Clock clock, int iterations) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        repository.insert(new NewJob(id, "bench", UUID.randomUUID(), null, "{}", iterations, now, null, "bench"));
        ClaimedJob claimed = queue.claim("bench", now, now.plusSeconds(3600)).orElseThrow();
        return new RunningJob(claimed);
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double perIteration(TrainingOutcome outcome) {
        return outcome.elapsedNanos() / 1e6 / outcome.iterations();
    }

    /** Standard-normal features, y = x·(1, …, 1) + noise; row-major as the trainer reads it. */
    private static DesignMatrix matrix(int rows, int p) {
        SplittableRandom random = new SplittableRandom(1);
        double[] x = new double[rows * p];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < p; j++) {
                double v = random.nextGaussian();
                x[i * p + j] = v;
                sum += v;
            }
            y[i] = sum + random.nextGaussian();
        }
        return new DesignMatrix(new DenseBlock(x, y, p), rows, 0, 0, true, ModelKind.LINEAR, "y", List.of());
    }
}
