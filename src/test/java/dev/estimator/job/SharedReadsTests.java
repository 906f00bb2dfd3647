package dev.estimator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shared reads of job rows: never older than the request, bounded in flight, batched, failures shared. */
class SharedReadsTests {

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
    private static Job row(UUID id, int read) {
        return new Job(id, null, UUID.randomUUID(), null, JobStatus.RUNNING, null, 100, read, null, null,
                Instant.EPOCH, Instant.EPOCH, null, null, null, false, 1, "a", null, null);
    }

    /** Rows for every id asked, numbered by the read, and a record of the ids each read asked for. */
    private static final class Table implements Function<Set<UUID>, Map<UUID, Job>> {
        final AtomicInteger started = new AtomicInteger();
        final List<Set<UUID>> asked = new CopyOnWriteArrayList<>();
        volatile CompletableFuture<Void> gate = CompletableFuture.completedFuture(null);

        @Override
        public Map<UUID, Job> apply(Set<UUID> ids) {
            int n = started.incrementAndGet();
            asked.add(ids);
            gate.join();
            Map<UUID, Job> rows = new HashMap<>();
            ids.forEach(id -> rows.put(id, row(id, n)));
            return rows;
        }
    }

    @Test
    void requestsThatArriveDuringAReadShareTheNextOneWhateverTheirJob() throws Exception {
        Table table = new Table();
        SharedReads reads = new SharedReads(1, table);
        table.gate = new CompletableFuture<>();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        Request first = new Request(() -> reads.read(a));
        awaitWaiting(List.of(first));
        CompletableFuture<Void> firstGate = table.gate;
        table.gate = CompletableFuture.completedFuture(null);

        List<Request> later = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID id = i % 2 == 0 ? a : b;
            later.add(new Request(() -> reads.read(id)));
        }
        // all wait: none may be answered by the read that started before them
        awaitWaiting(later);
        assertThat(table.started).hasValue(1);
        firstGate.complete(null);

        assertThat(first.get().orElseThrow().iteration()).isEqualTo(1);
        for (int i = 0; i < later.size(); i++) {
            Job job = later.get(i).get().orElseThrow();
            assertThat(job.iteration()).isEqualTo(2);
            assertThat(job.id()).isEqualTo(i % 2 == 0 ? a : b);
        }
        assertThat(table.asked).containsExactly(Set.of(a), Set.of(a, b));
    }

    @Test
    void aJobWithoutARowIsEmpty() {
        SharedReads reads = new SharedReads(2, ids -> Map.of());
        assertThat(reads.read(UUID.randomUUID())).isEmpty();
    }

    @Test
    void everyAnswerComesFromAReadStartedAfterItsRequestAndAtMostTheLimitRunAtOnce() throws Exception {
        AtomicInteger started = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger maxInFlight = new AtomicInteger();
        SharedReads reads = new SharedReads(2, ids -> {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            int n = started.incrementAndGet();
            Thread.onSpinWait();
            inFlight.decrementAndGet();
            Map<UUID, Job> rows = new HashMap<>();
            ids.forEach(id -> rows.put(id, row(id, n)));
            return rows;
        });
        List<UUID> jobs = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<Future<Integer>> answers = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            UUID id = jobs.get(t % jobs.size());
            answers.add(pool.submit(() -> {
                for (int i = 0; i < 200; i++) {
                    int seen = started.get();
                    Job job = reads.read(id).orElseThrow();
                    assertThat(job.id()).isEqualTo(id);
                    assertThat(job.iteration())
                            .as("read %d answered a request that arrived after read %d started", job.iteration(), seen)
                            .isGreaterThan(seen);
                }
                return 200;
            }));
        }
        for (Future<Integer> f : answers) {
            assertThat(f.get(30, TimeUnit.SECONDS)).isEqualTo(200);
        }
        assertThat(maxInFlight.get()).isBetween(1, 2);
        assertThat(started.get()).isLessThanOrEqualTo(16 * 200);
    }

    @Test
    void aFailedReadFailsItsSharersAndTheNextReadStartsAfresh() throws Exception {
        CompletableFuture<Void> releaseFirst = new CompletableFuture<>();
        AtomicInteger reads = new AtomicInteger();
        SharedReads shared = new SharedReads(1, ids -> {
            int n = reads.incrementAndGet();
            if (n == 1) {
                releaseFirst.join();
            } else if (n == 2) {
                throw new IllegalStateException("database gone");
            }
            Map<UUID, Job> rows = new HashMap<>();
            ids.forEach(id -> rows.put(id, row(id, n)));
            return rows;
        });
        Request first = new Request(() -> shared.read(UUID.randomUUID()));
        awaitWaiting(List.of(first));
        List<Request> sharers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sharers.add(new Request(() -> shared.read(UUID.randomUUID())));
        }
        awaitWaiting(sharers);
        releaseFirst.complete(null);

        assertThat(first.get()).isPresent();
        for (Request r : sharers) {
            assertThatThrownBy(r::get).hasRootCauseMessage("database gone");
        }
        assertThat(reads).hasValue(2);
        assertThat(shared.read(UUID.randomUUID()).orElseThrow().iteration()).isEqualTo(3);
    }
}
