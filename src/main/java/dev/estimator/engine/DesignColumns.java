package dev.estimator.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The first design-matrix step: the target and feature columns a spec uses, checked against the frame (each
 * exists, none twice, the target not also a feature; no features listed means every column but the target).
 */
public record DesignColumns(Frame.Column target, List<Frame.Column> features) {

    public DesignColumns {
        features = List.copyOf(features);
    }

    /** @throws DesignException naming the column that is missing, repeated or both target and feature */
    public static DesignColumns select(Frame frame, DesignSpec spec) {
        Frame.Column target = frame.column(spec.target());
        if (target == null) {
            throw new DesignException("target column '" + spec.target() + "' does not exist");
        }
        List<Frame.Column> out = new ArrayList<>();
        if (spec.features().isEmpty()) {
            for (Frame.Column c : frame.columns()) {
                if (!c.name().equals(spec.target())) {
                    out.add(c);
                }
            }
            return new DesignColumns(target, out);
        }
        Set<String> seen = new HashSet<>();
        for (String name : spec.features()) {
            if (name.equals(spec.target())) {
                throw new DesignException("the target '" + name + "' cannot also be a feature");
            }
            if (!seen.add(name)) {
                throw new DesignException("feature '" + name + "' is listed twice");
            }
            Frame.Column c = frame.column(name);
            if (c == null) {
                throw new DesignException("feature column '" + name + "' does not exist");
            }
            out.add(c);
        }
        return new DesignColumns(target, out);
    }
}
