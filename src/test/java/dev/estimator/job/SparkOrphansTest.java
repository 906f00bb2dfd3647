package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.estimator.spark.LocalSparkLauncher;
import dev.estimator.spark.SparkApplication;
import dev.estimator.spark.SparkApplicationState;
import dev.estimator.spark.SparkLaunch;
import dev.estimator.spark.SparkLauncher;
import dev.estimator.spark.SparkProperties;

/**
 * A claim of a job whose earlier attempt ran on Spark stops the applications that attempt may have left running,
 * so a job taken over never has two drivers.
 */
class SparkOrphansTest {

    private static final UUID JOB = UUID.fromString("0f1e2d3c-0000-4000-8000-000000000001");

    /** Applications by name, and which were stopped. */
    private static class Cluster implements SparkLauncher {
        final Map<String, SparkApplicationState> apps = new java.util.HashMap<>();
        final List<String> looked = new ArrayList<>();
        final List<String> stopped = new ArrayList<>();

        @Override
        public SparkApplication launch(SparkLaunch launch) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SparkApplication> find(String name) {
            looked.add(name);
            SparkApplicationState state = apps.get(name);
            return Optional.ofNullable(state).map(s -> new SparkApplication() {
                @Override
                public String id() {
                    return name;
                }

                @Override
                public Optional<URI> ui() {
                    return Optional.empty();
                }

                @Override
                public SparkApplicationState state() {
                    return s;
                }

                @Override
                public void stop() {
                    stopped.add(name);
                }
            });
        }
    }

    @Test
    void theApplicationsOfEarlierAttemptsAreStoppedAndNoOthers() {
        Cluster cluster = new Cluster();
        cluster.apps.put(SparkRuns.applicationName(JOB, 2, 1), SparkApplicationState.FAILED);
        cluster.apps.put(SparkRuns.applicationName(JOB, 2, 2), SparkApplicationState.RUNNING);
        cluster.apps.put(SparkRuns.applicationName(JOB, 3, 1), SparkApplicationState.RUNNING);
        UUID other = UUID.fromString("99999999-0000-4000-8000-000000000001");
        cluster.apps.put(SparkRuns.applicationName(other, 2, 1), SparkApplicationState.RUNNING);

        SparkRuns.stopEarlierAttempts(cluster, JOB, 3);

        assertThat(cluster.stopped).containsExactlyInAnyOrder(SparkRuns.applicationName(JOB, 2, 1),
                SparkRuns.applicationName(JOB, 2, 2));
        // every launch of the attempts before, none of its own
        assertThat(cluster.looked).hasSize(2 * SparkRuns.MAX_LAUNCHES)
                .doesNotContain(SparkRuns.applicationName(JOB, 3, 1));
    }

    @Test
    void aFirstAttemptLooksForNothingAndOnlyTheLastFewAttemptsAreLookedAt() {
        Cluster cluster = new Cluster();
        SparkRuns.stopEarlierAttempts(cluster, JOB, 1);
        assertThat(cluster.looked).isEmpty();

        SparkRuns.stopEarlierAttempts(cluster, JOB, 40);
        assertThat(cluster.looked).hasSize(SparkRuns.ORPHAN_ATTEMPTS * SparkRuns.MAX_LAUNCHES)
                .contains(SparkRuns.applicationName(JOB, 39, 3)).doesNotContain(SparkRuns.applicationName(JOB, 36, 1));
    }

    @Test
    void aClusterThatDoesNotAnswerDoesNotStopTheClaim() {
        SparkLauncher down = new Cluster() {
            @Override
            public Optional<SparkApplication> find(String name) {
                throw new IllegalStateException("connection refused");
            }
        };
        SparkRuns.stopEarlierAttempts(down, JOB, 2);
    }

    /**
     * The local launcher finds a driver process another instance started (not its child) by the application name on
     * its command line, and stops it with its children.
     */
    @Test
    void theLocalLauncherStopsADriverProcessLeftByAnotherInstance() throws IOException, InterruptedException {
        String name = SparkRuns.applicationName(JOB, 1, 2);
        Process orphan = new ProcessBuilder("sh", "-c", "sleep 120; true", "-Destimator.spark.application=" + name).start();
        try {
            LocalSparkLauncher launcher = new LocalSparkLauncher(
                    new SparkProperties.Local("local[1]", Path.of("target", "no-driver"), null, List.of()), Map.of());
            SparkRuns.stopEarlierAttempts(launcher, JOB, 2);
            assertThat(orphan.waitFor(30, TimeUnit.SECONDS)).as("the orphan was stopped").isTrue();
        } finally {
            orphan.destroyForcibly();
        }
    }
}
