package dev.estimator.job;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ForkJoinPool;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.estimator.engine.Algorithm;
import dev.estimator.engine.DesignMatrix;
import dev.estimator.engine.DesignMatrixBuilder;
import dev.estimator.engine.DesignSpec;
import dev.estimator.engine.FitResult;
import dev.estimator.engine.Frame;
import dev.estimator.engine.MissingPolicy;
import dev.estimator.engine.ModelKind;
import dev.estimator.engine.Trainer;
import dev.estimator.engine.TrainingConfig;
import dev.estimator.engine.TrainingListener;
import dev.estimator.engine.TrainingOutcome;

/**
 * Once the application is ready, fits a small synthetic dataset with every model kind and algorithm on a
 * background thread, through the engine's public API, so that the JIT has compiled the kernels (and the design
 * matrix and result code around them) before the first job arrives: otherwise the first jobs on a fresh instance
 * run interpreted for their first thousands of rows, several times slower. Nothing is stored and no request
 * waits for it; a fit that fails is skipped. {@code estimator.engine.warm-up=false} turns it off (tests, which
 * would only be slowed down by it).
 */
@Component
@ConditionalOnProperty(name = "estimator.engine.warm-up", havingValue = "true", matchIfMissing = true)
class KernelWarmUp {

    private static final Logger log = LoggerFactory.getLogger(KernelWarmUp.class);

    /** Large enough for the loops over rows to be compiled, small enough to take well under a second a fit. */
    static final int ROWS = 1_000;
    static final int FEATURES = 8;
    /** Passes a fit: past the JIT's compile thresholds for the per-row and per-block loops. */
    static final int ITERATIONS = 30;

    private volatile Thread thread;

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        Thread t = new Thread(this::run, "engine-warm-up");
        t.setDaemon(true);
        // below the request and job threads: it only uses time they leave
        t.setPriority(Thread.MIN_PRIORITY);
        thread = t;
        t.start();
    }

    /** The background thread, while it runs; for tests. */
    Thread thread() {
        return thread;
    }

    /** The fits that succeeded. */
    int run() {
        long started = System.nanoTime();
        Frame frame = frame();
        int fits = 0;
        ForkJoinPool pool = new ForkJoinPool(Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        try {
            // by algorithm first: the first-order ones, which most jobs use, are warm soonest
            for (Algorithm algorithm : Algorithm.values()) {
                for (ModelKind model : ModelKind.values()) {
                    fits += fit(frame, model, algorithm, pool) ? 1 : 0;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        log.info("Engine warmed up: {} fits in {} ms", fits, (System.nanoTime() - started) / 1_000_000);
        return fits;
    }

    /** One fit with a held-out fold (as a search's jobs have) and its result; false if the engine refused it. */
    static boolean fit(Frame frame, ModelKind model, Algorithm algorithm, ForkJoinPool pool) {
        try {
            DesignSpec design = new DesignSpec(target(model), features(), model, true, true, MissingPolicy.ERROR,
                    DesignSpec.Holdout.fold(3, 0), 1);
            DesignMatrix matrix = DesignMatrixBuilder.build(frame, design);
            TrainingConfig config = TrainingConfig.builder(model).algorithm(algorithm)
                    .learningRate(algorithm == Algorithm.GD ? 0.1 : 0.001).batchSize(64)
                    .maxIterations(algorithm.secondOrder() ? 10 : ITERATIONS).tolerance(0).build();
            TrainingOutcome outcome = new Trainer(matrix, config, pool).run(TrainingListener.NONE);
            FitResult.of(matrix, config, outcome);
            return true;
        } catch (RuntimeException e) {
            log.debug("Engine warm-up: {} with {} skipped: {}", model, algorithm, e.toString());
            return false;
        }
    }

    private static String target(ModelKind model) {
        return switch (model) {
            case LINEAR, HUBER -> "y";
            case LOGISTIC -> "binary";
            case POISSON -> "count";
            case GAMMA -> "positive";
            case MULTINOMIAL -> "class";
        };
    }

    private static List<String> features() {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            names.add("x" + j);
        }
        return names;
    }

    /** Gaussian features and, from one linear predictor, a target for every model kind. */
    static Frame frame() {
        SplittableRandom random = new SplittableRandom(1);
        double[][] x = new double[FEATURES][ROWS];
        double[] y = new double[ROWS];
        double[] binary = new double[ROWS];
        double[] count = new double[ROWS];
        double[] positive = new double[ROWS];
        double[] classes = new double[ROWS];
        for (int i = 0; i < ROWS; i++) {
            double eta = 0;
            for (int j = 0; j < FEATURES; j++) {
                x[j][i] = random.nextGaussian();
                eta += 0.2 * (j % 3 - 1) * x[j][i];
            }
            y[i] = 1 + eta + 0.3 * random.nextGaussian();
            binary[i] = random.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
            count[i] = Math.floor(Math.exp(0.5 + 0.5 * eta) * random.nextDouble() * 2);
            positive[i] = Math.exp(0.5 * eta) * (0.5 + random.nextDouble());
            classes[i] = eta < -0.3 ? 0 : eta < 0.3 ? 1 : 2;
        }
        List<Frame.Column> columns = new ArrayList<>();
        for (int j = 0; j < FEATURES; j++) {
            columns.add(Frame.Column.numeric("x" + j, x[j]));
        }
        columns.add(Frame.Column.numeric("y", y));
        columns.add(Frame.Column.numeric("binary", binary));
        columns.add(Frame.Column.numeric("count", count));
        columns.add(Frame.Column.numeric("positive", positive));
        columns.add(Frame.Column.categorical("class", classes, List.of("a", "b", "c")));
        return new Frame(ROWS, columns);
    }
}
