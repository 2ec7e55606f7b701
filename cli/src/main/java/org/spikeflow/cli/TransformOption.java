package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import org.spikeflow.training.data.InputTransform;
import picocli.CommandLine.Option;

/** The edge-map input transform applied to every dataset a command loads (training, calibration, test alike). */
public final class TransformOption {
    @Option(names = "--transform", paramLabel = "NAME", defaultValue = "none", description = "Input transform of every sample:"
        + " prewitt|sobel[_sq][_mask] (normalized edge map, squared, or the original pixels masked where the edge map is"
        + " zero), with an optional dataset prefix such as eurosat_prewitt_sq_mask; use the same one in train, convert,"
        + " simulate and evaluate. Default: ${DEFAULT-VALUE}.")
    String name;

    /** The parsed transform; a bad name is a usage error naming the flag. */
    InputTransform transform() {
        try {
            return InputTransform.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--" + e.getMessage());
        }
    }

    Dataset apply(Dataset d) {
        return transform().apply(d);
    }

    /**
     * Loads {@code spec} (its first {@code limit} samples, 0 for all) and transforms it. Recorded spike trains
     * ({@code npz:}, {@code npy:}) are not images: a transform other than none is refused for them.
     */
    Dataset load(String spec, String split, int limit) {
        InputTransform t = transform();
        if (t != InputTransform.NONE && (spec.startsWith("npz:") || spec.startsWith("npy:"))) {
            throw new UsageException("--transform " + name + " applies to images, not to the recorded spike trains of " + spec);
        }
        return t.apply(DataSpecs.load(spec, split).limit(limit));
    }
}
