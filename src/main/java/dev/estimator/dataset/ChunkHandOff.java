package dev.estimator.dataset;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Pass two as a pipeline: a thread of its own parses and encodes chunks while the calling thread writes them,
 * so that the database works on one batch while the next is being parsed. The writes stay on the caller's
 * thread, which holds the upload's transaction. At most {@code capacity} chunks wait between the two, so
 * memory stays bounded by the batch size and a few chunks.
 * <p>
 * A failure on either side stops both: an encoding failure is rethrown to the caller once the chunks before
 * it were handed over, and a write failure cancels the encoder (which is interrupted if it waits) and is
 * rethrown as it was, after the encoder has stopped.
 */
final class ChunkHandOff {

    /** Produces the chunks, in order, into the sink it is given. */
    interface Producer {
        void produce(Consumer<EncodedChunk> sink);
    }

    private static final EncodedChunk END = new EncodedChunk(-1, 0, new byte[0]);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final BlockingQueue<EncodedChunk> queue;
    private volatile boolean cancelled;
    private volatile Throwable failure;

    private ChunkHandOff(int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * Runs {@code producer} on a new thread and passes each chunk it produces to {@code consumer} on this one;
     * returns when both are done.
     */
    static void run(Producer producer, int capacity, Consumer<EncodedChunk> consumer) {
        new ChunkHandOff(capacity).pipe(producer, consumer);
    }

    private void pipe(Producer producer, Consumer<EncodedChunk> consumer) {
        Thread encoder = new Thread(() -> encode(producer), "dataset-encode-" + THREADS.incrementAndGet());
        encoder.setDaemon(true);
        encoder.start();
        try {
            for (EncodedChunk chunk = take(); chunk != END; chunk = take()) {
                consumer.accept(chunk);
            }
        } catch (RuntimeException | Error e) {
            cancelled = true;
            encoder.interrupt();
            awaitQuietly(encoder);
            throw e;
        }
        awaitQuietly(encoder);
        Throwable encodeFailure = failure;
        if (encodeFailure instanceof RuntimeException e) {
            throw e;
        }
        if (encodeFailure instanceof Error e) {
            throw e;
        }
        if (encodeFailure != null) {
            throw new IllegalStateException(encodeFailure);
        }
    }

    private void encode(Producer producer) {
        try {
            producer.produce(this::put);
        } catch (Throwable t) {
            failure = t;
        } finally {
            if (!cancelled) {
                try {
                    queue.put(END);
                } catch (InterruptedException e) {
                    // Interrupted only when cancelled: nobody takes from the queue any more.
                }
            }
        }
    }

    private void put(EncodedChunk chunk) {
        if (cancelled) {
            throw new CancellationException("the upload's writes failed");
        }
        try {
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("the upload's writes failed");
        }
    }

    private EncodedChunk take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing an upload", e);
        }
    }

    /** Waits for the encoder to finish, keeping this thread's interrupt status for its caller. */
    private static void awaitQuietly(Thread encoder) {
        boolean interrupted = false;
        while (true) {
            try {
                encoder.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
                encoder.interrupt();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
