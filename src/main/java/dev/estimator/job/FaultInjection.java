package dev.estimator.job;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fault to inject into a process of the service, so that the queue's handling of a poison job can be shown
 * end to end: with the JVM system property {@code estimator.faults.halt-on-job} set to a job name, the process
 * halts at once (as an out-of-memory kill or a native crash would end it) at the first iteration of every run
 * of a job with that name. Never set in a deployment: it exists for process-level tests, which set it on the
 * command line of the processes they start. Unset, it costs one comparison per run.
 */
final class FaultInjection {

    static final String HALT_ON_JOB = "estimator.faults.halt-on-job";

    private static final Logger log = LoggerFactory.getLogger(FaultInjection.class);
    private static final String HALTING_JOB = System.getProperty(HALT_ON_JOB);

    private FaultInjection() {
    }

    static boolean haltsAtFirstIteration(String jobName) {
        return HALTING_JOB != null && HALTING_JOB.equals(jobName);
    }

    static void halt(UUID job) {
        log.error("Job {}: halting the process ({} is set)", job, HALT_ON_JOB);
        Runtime.getRuntime().halt(137);
    }
}
