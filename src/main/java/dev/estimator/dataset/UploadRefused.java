package dev.estimator.dataset;

import dev.estimator.domain.DomainException;

/** An upload the service does not store: a CSV it cannot read, or one over a limit (see {@link CsvProblems}). */
public class UploadRefused extends DomainException {

    UploadRefused(Kind kind, String code, String title, String detail) {
        super(kind, code, title, detail);
    }
}
