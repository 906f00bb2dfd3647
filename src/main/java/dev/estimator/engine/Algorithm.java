package dev.estimator.engine;

/** How many rows one parameter update sees; one iteration is one step of GD, one epoch otherwise. */
public enum Algorithm {
    /** Full-batch gradient descent. */
    GD,
    /** Stochastic gradient descent, one row a step (Bottou 2010). */
    SGD,
    /** Mini-batch SGD, {@code batchSize} rows a step. */
    MINIBATCH,
    /** Newton's method as iteratively reweighted least squares, one pass a step ({@link NewtonStep}). */
    NEWTON,
    /** Limited-memory BFGS with a backtracking line search, OWL-QN under L1 ({@link Lbfgs}). */
    LBFGS;

    /** Whether one iteration is one step over all rows that computes its own step length. */
    public boolean secondOrder() {
        return this == NEWTON || this == LBFGS;
    }
}
