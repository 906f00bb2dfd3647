package dev.estimator.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;

/**
 * What a training run elsewhere (a Spark driver) and the service that runs the job say to each other over one
 * connection the service opened for the run: the run introduces itself with the run's token, the service
 * answers with the checkpoint to resume from, the run reports its application, then every iteration with the
 * trainer's snapshot after it (the service answers whether to go on, so a cancel stops the run within an
 * iteration), and last its end. Messages are these records, Java-serialized; a reader accepts nothing else
 * ({@link #FILTER}).
 */
public final class RunProtocol {

    private RunProtocol() {
    }

    /** The first message of a run: the token the service gave it on its command line. */
    public record Hello(String token) implements Serializable {
    }

    /** The service's answer to {@link Hello}: the snapshot to resume from, or null to start afresh. */
    public record Start(byte[] checkpoint) implements Serializable {
    }

    /** Where the run executes: e.g. Spark's application id and web UI (null when none). */
    public record Application(String id, String ui) implements Serializable {
    }

    /** An iteration done, and the snapshot after it. The service answers with a {@link Boolean}: go on? */
    public record Iteration(IterationRecord record, byte[] snapshot) implements Serializable {
    }

    /** The end: the outcome, its result (null unless the run converged or stopped by a limit) and the design. */
    public record Finished(TrainingOutcome outcome, FitResult result, DesignShape shape) implements Serializable {
    }

    /** The run could not train: the data does not fit the spec ({@code MISSING_VALUES}, {@code DESIGN}) or else. */
    public record Failed(String kind, String message) implements Serializable {
    }

    /** Only the protocol's records, the engine's types they carry, and the JDK's values and collections. */
    public static final ObjectInputFilter FILTER = ObjectInputFilter.Config.createFilter(
            "maxdepth=20;maxarray=100000000;dev.estimator.engine.**;java.lang.*;java.util.*;java.lang.Enum;"
                    + "java.lang.Number;java.lang.Double;java.lang.Integer;java.lang.Long;java.lang.Boolean;!*");

    public static ObjectInputStream reader(InputStream in) throws IOException {
        ObjectInputStream reader = new ObjectInputStream(in);
        reader.setObjectInputFilter(FILTER);
        return reader;
    }

    public static ObjectOutputStream writer(OutputStream out) throws IOException {
        ObjectOutputStream writer = new ObjectOutputStream(out);
        writer.flush();
        return writer;
    }
}
