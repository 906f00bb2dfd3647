package dev.estimator.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The binary form of a trainer's state: little-endian, a magic number and version, then the iteration,
 * elapsed time, stopping state, parameters, best parameters, the schedule's and the update rule's
 * state, and (version 2) the second-order method's state (L-BFGS's correction pairs). Version 1
 * snapshots, which have no such section, are still read. Randomness needs no state of its own: each
 * epoch's generators are seeded from the iteration.
 */
final class Snapshots {

    private static final int MAGIC = 0x45535431; // "EST1"
    private static final int VERSION = 2;

    private Snapshots() {
    }

    static byte[] write(Trainer.TrainerState s, LearningRateSchedule schedule, UpdateRule rule, double[][] steps) {
        double[] sched = schedule.state();
        double[][] moments = rule.state();
        int size = 4 * 4 + 8 + 8 * 3 + 4 + 8 * 2 * s.params.length + 4 + 8 * sched.length + 4 + 4;
        for (double[] m : moments) {
            size += 4 + 8 * m.length;
        }
        for (double[] m : steps) {
            size += 4 + 8 * m.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(MAGIC).putInt(VERSION).putInt(s.params.length).putInt(s.iteration);
        b.putLong(s.elapsedNanos);
        b.putDouble(s.initialLoss).putDouble(s.previousLoss).putDouble(s.bestValidationLoss);
        b.putInt(s.sinceBest);
        putAll(b, s.params);
        putAll(b, s.bestParams);
        putArray(b, sched);
        b.putInt(moments.length);
        for (double[] m : moments) {
            putArray(b, m);
        }
        b.putInt(steps.length);
        for (double[] m : steps) {
            putArray(b, m);
        }
        return b.array();
    }

    /** @return the second-order method's state (empty for version 1 snapshots) */
    static double[][] read(byte[] bytes, Trainer.TrainerState s, LearningRateSchedule schedule, UpdateRule rule) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int version = bytes.length < 16 || b.getInt() != MAGIC ? -1 : b.getInt();
        if (version != 1 && version != VERSION) {
            throw new IllegalArgumentException("not a trainer snapshot of this version");
        }
        int dims = b.getInt();
        if (dims != s.params.length) {
            throw new IllegalArgumentException("snapshot has " + dims + " parameters, the model has " + s.params.length);
        }
        s.iteration = b.getInt();
        s.elapsedNanos = b.getLong();
        s.initialLoss = b.getDouble();
        s.previousLoss = b.getDouble();
        s.bestValidationLoss = b.getDouble();
        s.sinceBest = b.getInt();
        getAll(b, s.params);
        getAll(b, s.bestParams);
        schedule.restore(getArray(b));
        double[][] moments = new double[b.getInt()][];
        for (int i = 0; i < moments.length; i++) {
            moments[i] = getArray(b);
        }
        rule.restore(moments);
        double[][] steps = new double[version == 1 ? 0 : b.getInt()][];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = getArray(b);
        }
        return steps;
    }

    private static void putAll(ByteBuffer b, double[] a) {
        for (double v : a) {
            b.putDouble(v);
        }
    }

    private static void putArray(ByteBuffer b, double[] a) {
        b.putInt(a.length);
        putAll(b, a);
    }

    private static void getAll(ByteBuffer b, double[] a) {
        for (int i = 0; i < a.length; i++) {
            a[i] = b.getDouble();
        }
    }

    private static double[] getArray(ByteBuffer b) {
        double[] a = new double[b.getInt()];
        getAll(b, a);
        return a;
    }
}
