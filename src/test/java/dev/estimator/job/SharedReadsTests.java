package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shared reads of a job row: never older than the request, bounded in flight, failures shared. */
class SharedReadsTests {

    private static final UUID ID = UUID.randomUUID();

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Runs the call on a thread of its own, so that the test can see it wait. */
    private static final class Request {
        final FutureTask<Optional<Job>> task;
        final Thread thread;

        Request(Callable<Optional<Job>> call) {
            task = new FutureTask<>(call);
            thread = new Thread(task);
            thread.setDaemon(true);
            thread.start();
        }

        Optional<Job> get() throws Exception {
            return task.get(5, TimeUnit.SECONDS);
        }
    }

    /** Until every request's thread waits (in the shared read, for these tests). */
    private static void awaitWaiting(List<Request> requests) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Request r : requests) {
            while (r.thread.getState() != Thread.State.WAITING) {
                assertThat(System.nanoTime()).as("request never waited").isLessThan(deadline);
                Thread.sleep(1);
            }
        }
    }

    /** A row whose iteration tells which read produced it. */
    private static Optional<Job> row(int read) {
        return Optional.of(new Job(ID, null, UUID.randomUUID(), null, JobStatus.RUNNING, null, 100, read, null, null,
                Instant.EPOCH, Instant.EPOCH, null, null, null, false, 1));
    }

    @Test
    void requestsThatArriveDuringAReadShareTheNextOne() throws Exception {
        SharedReads reads = new SharedReads(1);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        Request first = new Request(() -> reads.read(ID, id -> {
            int n = started.incrementAndGet();
            releaseFirst.join();
            return row(n);
        }));
        awaitWaiting(List.of(first));

        List<Request> later = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            later.add(new Request(() -> reads.read(ID, id -> row(started.incrementAndGet()))));
        }
        // all wait: none may be answered by the read that started before them
        awaitWaiting(later);
        assertThat(started).hasValue(1);
        releaseFirst.complete(null);

        assertThat(first.get().orElseThrow().iteration()).isEqualTo(1);
        for (Request r : later) {
            assertThat(r.get().orElseThrow().iteration()).isEqualTo(2);
        }
        assertThat(started).hasValue(2);
    }

    @Test
    void everyAnswerComesFromAReadStartedAfterItsRequestAndAtMostTheLimitRunAtOnce() throws Exception {
        SharedReads reads = new SharedReads(2);
        AtomicInteger started = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        List<Future<int[]>> answers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            answers.add(pool.submit(() -> {
                int[] seenAndGot = new int[2];
                for (int i = 0; i < 200; i++) {
                    int seen = started.get();
                    int got = reads.read(ID, id -> {
                        int now = inFlight.incrementAndGet();
                        maxInFlight.accumulateAndGet(now, Math::max);
                        int n = started.incrementAndGet();
                        Thread.onSpinWait();
                        inFlight.decrementAndGet();
                        return row(n);
                    }).orElseThrow().iteration();
                    assertThat(got).as("read %d answered a request that arrived after read %d started", got, seen)
                            .isGreaterThan(seen);
                    seenAndGot[0]++;
                }
                return seenAndGot;
            }));
        }
        for (Future<int[]> f : answers) {
            assertThat(f.get(30, TimeUnit.SECONDS)[0]).isEqualTo(200);
        }
        assertThat(maxInFlight.get()).isBetween(1, 2);
        assertThat(started.get()).isLessThanOrEqualTo(16 * 200);
    }

    @Test
    void aFailedReadFailsItsSharersAndTheNextReadStartsAfresh() throws Exception {
        SharedReads reads = new SharedReads(1);
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        Request first = new Request(() -> reads.read(ID, id -> {
            releaseFirst.join();
            return row(1);
        }));
        awaitWaiting(List.of(first));
        AtomicInteger failed = new AtomicInteger();
        List<Request> sharers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sharers.add(new Request(() -> reads.read(ID, id -> {
                failed.incrementAndGet();
                throw new IllegalStateException("database gone");
            })));
        }
        awaitWaiting(sharers);
        releaseFirst.complete(null);

        assertThat(first.get()).isPresent();
        for (Request r : sharers) {
            assertThatThrownBy(r::get).hasRootCauseMessage("database gone");
        }
        assertThat(failed).hasValue(1);
        assertThat(reads.read(ID, id -> row(3)).orElseThrow().iteration()).isEqualTo(3);
    }
}
