package dev.estimator.job;

import java.util.List;

/** The mean (linear, Huber, Poisson) or positive-class probability (logistic) of each requested row. */
public record Predictions(List<Double> predictions) {
}
