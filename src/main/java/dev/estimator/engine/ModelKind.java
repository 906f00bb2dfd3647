package dev.estimator.engine;

/** The model being fitted, which fixes the loss and how the target is encoded. */
public enum ModelKind {
    LINEAR, LOGISTIC, POISSON, HUBER;

    /** The per-row loss of this model; {@code huberDelta} is used by {@link #HUBER} only. */
    public Loss loss(double huberDelta) {
        return switch (this) {
            case LINEAR -> new SquaredLoss();
            case LOGISTIC -> new LogisticLoss();
            case POISSON -> new PoissonLoss();
            case HUBER -> new HuberLoss(huberDelta);
        };
    }
}
