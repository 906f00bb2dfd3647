package dev.estimator.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code estimator.quotas.*}: what one owner may hold. Every owner has the same quotas, administrators too.
 *
 * @param datasetBytes stored dataset bytes (8 per cell: what the {@code sizeBytes} of the CSVs turned into)
 * @param activeJobs   jobs QUEUED or RUNNING at once
 */
@ConfigurationProperties("estimator.quotas")
record QuotaProperties(@DefaultValue("50GB") DataSize datasetBytes, @DefaultValue("100") int activeJobs) {

    QuotaProperties {
        if (datasetBytes.toBytes() < 0 || activeJobs < 0) {
            throw new IllegalArgumentException("estimator.quotas.* must be 0 or more");
        }
    }
}
