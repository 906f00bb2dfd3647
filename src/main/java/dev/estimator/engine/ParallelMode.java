package dev.estimator.engine;

/** How partitions cooperate in one step. */
public enum ParallelMode {
    /** Each partition sums its gradient; the sums are combined in partition order; one central update. */
    GRADIENT,
    /**
     * Each partition runs SGD on its own rows for an epoch from the same parameters; the results are
     * averaged, weighted by partition rows (parameter mixing, Zinkevich et al. 2010).
     */
    MODEL_AVERAGING
}
