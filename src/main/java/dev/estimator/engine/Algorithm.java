package dev.estimator.engine;

/** How many rows one parameter update sees; one iteration is one step of GD, one epoch otherwise. */
public enum Algorithm {
    /** Full-batch gradient descent. */
    GD,
    /** Stochastic gradient descent, one row a step (Bottou 2010). */
    SGD,
    /** Mini-batch SGD, {@code batchSize} rows a step. */
    MINIBATCH
}
