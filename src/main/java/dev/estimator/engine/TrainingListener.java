package dev.estimator.engine;

/**
 * Called by the trainer on its own thread after every completed iteration. It may take a
 * {@link Checkpoint#snapshot() snapshot} of the trainer's state there (and only there), and returns
 * whether training should go on: {@code false} stops it with {@link StopReason#CANCELLED}.
 */
@FunctionalInterface
public interface TrainingListener {

    boolean onIteration(IterationRecord record, Checkpoint checkpoint);

    TrainingListener NONE = (record, checkpoint) -> true;

    /** Gives the trainer's full state after the iteration just reported, for {@link Trainer#restore}. */
    @FunctionalInterface
    interface Checkpoint {
        byte[] snapshot();
    }
}
