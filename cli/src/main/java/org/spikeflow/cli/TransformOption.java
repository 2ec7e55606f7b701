package org.spikeflow.cli;

import org.spikeflow.data.transform.InputTransform;
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
}
