package dev.estimator.engine;

/**
 * The learning rate of each epoch (each iteration for GD). {@link ScheduleKind#ADAPTIVE} is the only
 * schedule with state: its current multiplier and the best training loss seen, both part of a snapshot.
 */
final class LearningRateSchedule {

    private static final int STEP_EPOCHS = 10;

    private final ScheduleKind kind;
    private final double base;
    private double multiplier = 1.0;
    private double bestLoss = Double.POSITIVE_INFINITY;

    LearningRateSchedule(ScheduleKind kind, double base) {
        this.kind = kind;
        this.base = base;
    }

    double rate(int epoch) {
        return switch (kind) {
            case CONSTANT -> base;
            case INVERSE_SCALING -> base / Math.sqrt(1.0 + epoch);
            case STEP -> base * StrictMath.pow(0.5, epoch / STEP_EPOCHS);
            case ADAPTIVE -> base * multiplier;
        };
    }

    /** Tells the schedule the training loss an epoch ended with. */
    void observe(double loss) {
        if (kind != ScheduleKind.ADAPTIVE) {
            return;
        }
        if (loss < bestLoss) {
            bestLoss = loss;
        } else {
            multiplier *= 0.5;
        }
    }

    double[] state() {
        return new double[] {multiplier, bestLoss};
    }

    void restore(double[] state) {
        multiplier = state[0];
        bestLoss = state[1];
    }
}
