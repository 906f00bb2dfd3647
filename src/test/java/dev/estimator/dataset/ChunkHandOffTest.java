package dev.estimator.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

class ChunkHandOffTest {

    private static EncodedChunk chunk(int index) {
        return new EncodedChunk(index, 1, new byte[8]);
    }

    @Test
    void passesEveryChunkInOrderToTheCallingThread() {
        List<Integer> received = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        ChunkHandOff.run(sink -> {
            for (int i = 0; i < 100; i++) {
                sink.accept(chunk(i));
            }
        }, 1, c -> {
            received.add(c.index());
            threads.add(Thread.currentThread());
        });

        assertThat(received).hasSize(100).isSorted();
        assertThat(threads).containsOnly(Thread.currentThread());
    }

    @Test
    void anEncodingFailureReachesTheCallerAfterTheChunksBeforeIt() {
        List<Integer> received = new ArrayList<>();

        assertThatThrownBy(() -> ChunkHandOff.run(sink -> {
            sink.accept(chunk(0));
            sink.accept(chunk(1));
            throw new IllegalStateException("bad spool");
        }, 1, c -> received.add(c.index()))).isInstanceOf(IllegalStateException.class).hasMessage("bad spool");

        assertThat(received).containsExactly(0, 1);
    }

    @Test
    void aWriteFailureStopsTheEncoderAndIsRethrownAsItWas() {
        List<Throwable> encoderEnd = new CopyOnWriteArrayList<>();
        List<Thread> encoder = new CopyOnWriteArrayList<>();
        RuntimeException writeFailure = new RuntimeException("insert failed");

        assertThatThrownBy(() -> ChunkHandOff.run(sink -> {
            encoder.add(Thread.currentThread());
            try {
                for (int i = 0; ; i++) {
                    sink.accept(chunk(i));
                }
            } catch (RuntimeException e) {
                encoderEnd.add(e);
                throw e;
            }
        }, 1, c -> {
            if (c.index() == 3) {
                throw writeFailure;
            }
        })).isSameAs(writeFailure);

        // The encoder was waiting to hand over a chunk, or about to: either way it was stopped and has ended.
        assertThat(encoderEnd).singleElement().isInstanceOf(CancellationException.class);
        assertThat(encoder.get(0).isAlive()).isFalse();
    }
}
