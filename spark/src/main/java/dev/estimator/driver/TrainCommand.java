package dev.estimator.driver;

/** {@code train}: fits one job attempt on Spark. */
final class TrainCommand {

    private TrainCommand() {
    }

    static void run(Arguments options) {
        throw new UnsupportedOperationException("train is not built yet");
    }
}
