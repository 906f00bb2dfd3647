package dev.estimator.job;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/**
 * Concurrent polls share their job-row reads. At most {@code maxReads} reads are in flight; a request that
 * arrives while they all are waits, with every other such request, for the next read, which fetches all their
 * jobs at once and starts as soon as one in flight ends. So polls cost a bounded number of queries and
 * connections at a time however many clients poll however many jobs, and no answer is older than its request:
 * every read a request gets started after the request arrived, as if it had read the row itself.
 */
final class SharedReads {

    private final int maxReads;
    private final Function<Set<UUID>, Map<UUID, Job>> reader;
    private final Object lock = new Object();
    // guarded by lock: reads in flight, and the one that waits to start (null if none)
    private int running;
    private Read next;

    /** @param reader the rows of the given jobs that exist, by id */
    SharedReads(int maxReads, Function<Set<UUID>, Map<UUID, Job>> reader) {
        if (maxReads < 1) {
            throw new IllegalArgumentException("maxReads must be at least 1");
        }
        this.maxReads = maxReads;
        this.reader = reader;
    }

    private static final class Read {
        final Set<UUID> ids = new HashSet<>();
        final CompletableFuture<Void> start = new CompletableFuture<>();
        final CompletableFuture<Map<UUID, Job>> rows = new CompletableFuture<>();
    }

    /** The job's row, empty if there is none, from a read that started after this call. */
    Optional<Job> read(UUID id) {
        Read read;
        boolean lead;
        synchronized (lock) {
            if (next != null) {
                read = next;
                lead = false;
            } else {
                read = new Read();
                lead = true;
                if (running < maxReads) {
                    running++;
                    read.start.complete(null);
                } else {
                    next = read;
                }
            }
            read.ids.add(id);
        }
        if (!lead) {
            return Optional.ofNullable(join(read.rows).get(id));
        }
        // started at once, or when a read in flight ends (see finally); nobody joins a started read
        read.start.join();
        Set<UUID> ids;
        synchronized (lock) {
            ids = Set.copyOf(read.ids);
        }
        try {
            Map<UUID, Job> rows = reader.apply(ids);
            read.rows.complete(rows);
            return Optional.ofNullable(rows.get(id));
        } catch (RuntimeException | Error e) {
            read.rows.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (lock) {
                if (next != null) {
                    // hand this read's place to the waiting one: from now on, arrivals wait for a later read
                    next.start.complete(null);
                    next = null;
                } else {
                    running--;
                }
            }
        }
    }

    private static Map<UUID, Job> join(CompletableFuture<Map<UUID, Job>> rows) {
        try {
            return rows.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }
}
