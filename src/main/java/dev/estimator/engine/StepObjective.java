package dev.estimator.engine;

/**
 * The training objective as a second-order step sees it: {@code F = (1/n)Σwᵢℓᵢ/w̄ + penalty}, the gradient
 * of its smooth part (the L1 term left out: OWL-QN treats it), and for Newton's method the Fisher
 * information of the mean loss. Each call is one partitioned pass over the training rows, summed in
 * partition order.
 */
interface StepObjective {

    /** F at {@code params}; writes the gradient of its smooth part to {@code grad}. */
    double value(double[] params, double[] grad);

    /** Writes the information of the mean loss at {@code params} (dims × dims, row-major, symmetric) to {@code info}. */
    void information(double[] params, double[] info);
}
