package dev.estimator.engine;

/** The model being fitted, which fixes the loss and how the target is encoded. */
public enum ModelKind {
    LINEAR, LOGISTIC, POISSON, HUBER, GAMMA, MULTINOMIAL;

    /** The per-row loss of this model; {@code huberDelta} is used by {@link #HUBER} only. */
    public Loss loss(double huberDelta) {
        return switch (this) {
            case LINEAR -> new SquaredLoss();
            case LOGISTIC -> new LogisticLoss();
            case POISSON -> new PoissonLoss();
            case HUBER -> new HuberLoss(huberDelta);
            case GAMMA -> new GammaLoss();
            case MULTINOMIAL -> new MultinomialLoss();
        };
    }

    /** Whether the model's result carries a dispersion estimated from the residuals (t statistics). */
    public boolean estimatesDispersion() {
        return this == LINEAR || this == HUBER || this == GAMMA;
    }
}
