package dev.estimator.engine;

/** Learning-rate schedules, indexed by epoch (for GD, by iteration). */
public enum ScheduleKind {
    /** η. */
    CONSTANT,
    /** η / (1 + t)^0.5. */
    INVERSE_SCALING,
    /** η · 0.5^⌊t / 10⌋. */
    STEP,
    /** η, halved each time the training loss fails to improve on its best so far. */
    ADAPTIVE
}
