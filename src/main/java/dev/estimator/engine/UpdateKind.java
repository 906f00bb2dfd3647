package dev.estimator.engine;

/** The update rule turning a gradient into a parameter step. */
public enum UpdateKind {
    PLAIN, MOMENTUM, NESTEROV, ADAGRAD, ADAM;

    UpdateRule create() {
        return switch (this) {
            case PLAIN -> new UpdateRule.Plain();
            case MOMENTUM -> new UpdateRule.Momentum(false);
            case NESTEROV -> new UpdateRule.Momentum(true);
            case ADAGRAD -> new UpdateRule.AdaGrad();
            case ADAM -> new UpdateRule.Adam();
        };
    }
}
