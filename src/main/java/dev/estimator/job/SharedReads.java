package dev.estimator.job;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Concurrent polls of one unfinished job share its row reads. At most {@code maxReads} reads of a job are in
 * flight; a request that arrives while they all are waits, with every other such request, for the next read,
 * which starts as soon as one in flight ends. So however many clients poll a job, it costs a bounded number
 * of queries at a time, and no answer is older than its request: every read a request gets started after the
 * request arrived, as if it had read the row itself.
 */
final class SharedReads {

    private final int maxReads;
    private final Map<UUID, Slot> slots = new ConcurrentHashMap<>();

    SharedReads(int maxReads) {
        if (maxReads < 1) {
            throw new IllegalArgumentException("maxReads must be at least 1");
        }
        this.maxReads = maxReads;
    }

    /** The reads of one job: how many are in flight, and the one that waits to start. Guarded by itself. */
    private static final class Slot {
        int running;
        Read next;
    }

    private static final class Read {
        final CompletableFuture<Void> start = new CompletableFuture<>();
        final CompletableFuture<Optional<Job>> result = new CompletableFuture<>();
    }

    /** The row as {@code reader} returns it, from a read that started after this call. */
    Optional<Job> read(UUID id, Function<UUID, Optional<Job>> reader) {
        Slot slot = slots.computeIfAbsent(id, k -> new Slot());
        Read read;
        boolean lead;
        synchronized (slot) {
            if (slot.next != null) {
                read = slot.next;
                lead = false;
            } else {
                read = new Read();
                lead = true;
                if (slot.running < maxReads) {
                    slot.running++;
                    read.start.complete(null);
                } else {
                    slot.next = read;
                }
            }
        }
        if (!lead) {
            return join(read.result);
        }
        // started at once, or when a read in flight ends (which never fails: see finally)
        read.start.join();
        try {
            Optional<Job> job = reader.apply(id);
            read.result.complete(job);
            return job;
        } catch (RuntimeException | Error e) {
            read.result.completeExceptionally(e);
            throw e;
        } finally {
            synchronized (slot) {
                if (slot.next != null) {
                    // hand this read's place to the waiting one: from now on, arrivals wait for a later read
                    slot.next.start.complete(null);
                    slot.next = null;
                } else if (--slot.running == 0) {
                    // a request that holds this slot but is not yet in it reads on its own: fresh, only unshared
                    slots.remove(id, slot);
                }
            }
        }
    }

    private static Optional<Job> join(CompletableFuture<Optional<Job>> result) {
        try {
            return result.join();
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
