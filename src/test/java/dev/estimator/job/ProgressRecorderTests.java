package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.estimator.engine.IterationRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The trainer's listener hands progress writes to a writer thread: an iteration never waits for the database,
 * each point is written once and in order, and what a stopped run has not written yet goes out with its end.
 */
class ProgressRecorderTests {

    private final ExecutorService writer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        writer.shutdownNow();
    }

    /** A queue whose flushes wait for the test to let them through, and remember what they were given. */
    static final class GatedQueue extends JobQueue {

        final CountDownLatch gate = new CountDownLatch(1);
        final CountDownLatch arrived = new CountDownLatch(1);
        final List<List<LossPoint>> flushed = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        GatedQueue() {
            super(null, null, null);
        }

        @Override
        Optional<ClaimedJob> claim(String instance, Instant now, Instant leaseUntil, Collection<UUID> excluded,
                boolean presence) {
            return Optional.empty();
        }

        @Override
        void announce() {
        }

        @Override
        FlushOutcome flush(UUID id, int attempt, ProgressWrite progress, Instant leaseUntil) {
            threads.add(Thread.currentThread().getName());
            arrived.countDown();
            try {
                assertThat(gate.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            flushed.add(List.copyOf(progress.points()));
            return FlushOutcome.WRITTEN;
        }
    }

    @Test
    void iterationsGoOnWhileTheirProgressIsWritten() throws Exception {
        GatedQueue queue = new GatedQueue();
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        JobProperties properties = new JobProperties(10, 1, 1, Duration.ofSeconds(1), Duration.ofSeconds(15),
                Duration.ofNanos(1), Duration.ofMillis(100), 30, 100, Duration.ofSeconds(1), null, 3,
                Duration.ofSeconds(60));
        JobEvents events = new JobEvents(new LongPolls(null, null), new EventStreams(null, null),
                properties);
        RunningJob job = new RunningJob(new ClaimedJob(UUID.randomUUID(), "recorded", 1, 0, UUID.randomUUID(),
                "{}", null, 0, false, null, null));
        ProgressRecorder recorder = new ProgressRecorder(job, queue, events,
                new JobMetrics(new SimpleMeterRegistry()), clock, new JobDatabaseHealthIndicator(clock), properties,
                1000, 0, null, null, writer);
        try {
            // a flush is due at every iteration (1 ns): the first goes to the writer and waits at the gate there,
            // while this thread, the trainer's, goes on through 50 iterations
            for (int i = 0; i < 50; i++) {
                assertThat(recorder.onIteration(record(i), () -> new byte[] {1})).isTrue();
            }
            assertThat(queue.arrived.await(30, TimeUnit.SECONDS)).as("the first write reached the queue").isTrue();
            assertThat(recorder.onIteration(record(50), () -> new byte[] {1})).isTrue();
            assertThat(queue.threads).as("one write in flight, held at the gate").hasSize(1);
            assertThat(queue.threads.get(0)).isNotEqualTo(Thread.currentThread().getName());
            assertThat(queue.flushed).isEmpty();

            queue.gate.countDown();
            assertThat(recorder.pending()).as("buffered while the write was held").hasSize(50);
            assertThat(queue.flushed).hasSize(1);
            assertThat(recorder.checkpointed()).isTrue();
            // the next iteration hands everything buffered meanwhile to the next write
            assertThat(recorder.onIteration(record(51), () -> new byte[] {2})).isTrue();
            assertThat(recorder.onIteration(record(52), () -> new byte[] {3})).isTrue();
            List<LossPoint> all = new ArrayList<>();
            recorder.pending();
            queue.flushed.forEach(all::addAll);
            all.addAll(recorder.pending());
            assertThat(all).extracting(LossPoint::iteration)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 53).boxed().toList());
            assertThat(recorder.completed()).isEqualTo(53);
        } finally {
            events.destroy();
        }
    }

    private static IterationRecord record(int iteration) {
        return new IterationRecord(iteration, 1.0 / (iteration + 1), Double.NaN, 0.5, 0.1, 1000L * iteration);
    }
}
