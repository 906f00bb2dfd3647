package dev.estimator.dataset;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.estimator.spark.SparkApplication;
import dev.estimator.spark.SparkApplicationState;
import dev.estimator.spark.SparkLaunch;
import dev.estimator.spark.SparkLauncher;
import jakarta.annotation.PreDestroy;

/**
 * Runs and watches the profiling of datasets by reference. A run is the driver's {@code profile} command on Spark;
 * it writes the dataset's columns, parts and {@code READY} (or {@code FAILED} with a reason) itself, fenced by the
 * attempt it was given, so a superseded run cannot overwrite a newer one.
 * <p>
 * The instance that launched a run watches it and renews its heartbeat every {@code watchInterval}. A run that
 * ends without an outcome (its application failed, vanished, or finished without writing) is launched again as the
 * next attempt, up to {@code maxAttempts}, then the dataset is {@code FAILED}. A run whose heartbeat lapsed for
 * {@code lease} (its instance died, or this one restarted) is taken over by whichever instance claims it first: its
 * application is adopted if the launcher still knows it, else the dataset is profiled again.
 */
@Component
class DatasetProfiler {

    private static final Logger log = LoggerFactory.getLogger(DatasetProfiler.class);

    private record Watched(int attempt, SparkApplication application) {
    }

    private final DatasetRepository repository;
    private final ObjectProvider<SparkLauncher> launcher;
    private final ProfilingProperties settings;
    private final DatasetProperties datasetProperties;
    private final Clock clock;
    private final Map<UUID, Watched> watched = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    DatasetProfiler(DatasetRepository repository, ObjectProvider<SparkLauncher> launcher,
            ProfilingProperties settings, DatasetProperties datasetProperties, ObjectProvider<Clock> clock) {
        this.repository = repository;
        this.launcher = launcher;
        this.settings = settings;
        this.datasetProperties = datasetProperties;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @EventListener(ApplicationReadyEvent.class)
    void startWatching() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dataset-profiler");
            t.setDaemon(true);
            return t;
        });
        long interval = settings.watchInterval().toMillis();
        executor.scheduleWithFixedDelay(this::watchSafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopWatching() {
        if (executor != null) {
            // Runs go on: another instance (or this one restarted) adopts them once their heartbeat lapses.
            executor.shutdownNow();
        }
    }

    /** Starts the first profiling run of a dataset just registered. */
    void start(UUID datasetId) {
        launchNext(datasetId, 0);
    }

    private void watchSafely() {
        try {
            watch();
        } catch (RuntimeException e) {
            log.warn("Watching profiling runs failed; trying again in {}", settings.watchInterval(), e);
        }
    }

    /** One round: checks this instance's runs, renews their heartbeats, takes over lapsed ones. */
    void watch() {
        if (launcher.getIfAvailable() == null) {
            return;
        }
        Set<UUID> profiling = new HashSet<>();
        for (DatasetRepository.ProfilingRun run : repository.profiling()) {
            profiling.add(run.datasetId());
            Watched mine = watched.get(run.datasetId());
            if (mine != null && mine.attempt() == run.attempt()) {
                check(run, mine.application());
            } else if (mine == null && lapsed(run)) {
                takeOver(run);
            }
        }
        // Runs whose dataset is no longer profiling: finished, or deleted (then stop what still runs).
        for (UUID id : Set.copyOf(watched.keySet())) {
            if (!profiling.contains(id)) {
                Watched gone = watched.remove(id);
                if (gone != null && repository.find(id).isEmpty()) {
                    stopQuietly(gone.application());
                }
            }
        }
    }

    private void check(DatasetRepository.ProfilingRun run, SparkApplication application) {
        SparkApplicationState state = application.state();
        switch (state) {
            case SUBMITTED, RUNNING -> {
                if (!repository.renewProfiling(run.datasetId(), run.attempt(), now())) {
                    watched.remove(run.datasetId());
                }
            }
            case SUCCEEDED, FAILED, GONE -> {
                watched.remove(run.datasetId());
                // The run may have written its outcome since the list was read.
                if (stillProfiling(run.datasetId(), run.attempt())) {
                    log.warn("Profiling run {} of dataset {} ended {} without an outcome", application.id(),
                            run.datasetId(), state);
                    launchNext(run.datasetId(), run.attempt());
                }
            }
        }
    }

    private void takeOver(DatasetRepository.ProfilingRun run) {
        UUID id = run.datasetId();
        if (run.heartbeatAt() == null) {
            // Registered, never launched: its instance died in between.
            launchNext(id, run.attempt());
            return;
        }
        if (!repository.adoptProfiling(id, run.attempt(), run.heartbeatAt(), now())) {
            return;
        }
        Optional<SparkApplication> application = run.application() == null ? Optional.empty()
                : launcher.getObject().find(run.application());
        if (application.isPresent() && !terminal(application.get().state())) {
            log.info("Adopted profiling run {} of dataset {}", run.application(), id);
            watched.put(id, new Watched(run.attempt(), application.get()));
        } else if (stillProfiling(id, run.attempt())) {
            log.info("Profiling run of dataset {} is gone; profiling it again", id);
            launchNext(id, run.attempt());
        }
    }

    /** Claims attempt {@code seen + 1} and launches it, or fails the dataset when the attempts are used up. */
    private void launchNext(UUID id, int seen) {
        if (seen >= settings.maxAttempts()) {
            repository.profilingFailed(id, seen, new DatasetError("INTERNAL", "profiling ended without an outcome "
                    + seen + " times; the Spark application's log tells why"));
            return;
        }
        if (!repository.claimProfiling(id, seen, now())) {
            return;
        }
        int attempt = seen + 1;
        SparkLauncher sparkLauncher = launcher.getIfAvailable();
        if (sparkLauncher == null) {
            repository.profilingFailed(id, attempt, new DatasetError("INTERNAL",
                    "no Spark launcher is configured (estimator.spark.launcher)"));
            return;
        }
        SparkApplication application;
        try {
            application = sparkLauncher.launch(new SparkLaunch("estimator-profile-" + id + "-" + attempt,
                    List.of("profile", "--dataset", id.toString(), "--attempt", Integer.toString(attempt),
                            "--max-levels", Integer.toString(datasetProperties.maxLevels())),
                    Map.of()));
        } catch (RuntimeException e) {
            log.warn("Could not launch the profiling run of dataset {}", id, e);
            repository.profilingFailed(id, attempt, new DatasetError("INTERNAL",
                    "the Spark application could not be launched; the service's log tells why"));
            return;
        }
        repository.profilingLaunched(id, attempt, application.id());
        watched.put(id, new Watched(attempt, application));
        log.info("Profiling dataset {}: attempt {}, Spark application {}", id, attempt, application.id());
    }

    private boolean stillProfiling(UUID id, int attempt) {
        return repository.profiling().stream().anyMatch(r -> r.datasetId().equals(id) && r.attempt() == attempt);
    }

    private boolean lapsed(DatasetRepository.ProfilingRun run) {
        return run.heartbeatAt() == null
                ? true
                : run.heartbeatAt().toInstant().plus(settings.lease()).isBefore(clock.instant());
    }

    private static boolean terminal(SparkApplicationState state) {
        return state == SparkApplicationState.SUCCEEDED || state == SparkApplicationState.FAILED
                || state == SparkApplicationState.GONE;
    }

    private static void stopQuietly(SparkApplication application) {
        try {
            application.stop();
        } catch (RuntimeException e) {
            log.warn("Could not stop Spark application {}", application.id(), e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
