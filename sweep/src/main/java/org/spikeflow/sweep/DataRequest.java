package org.spikeflow.sweep;

import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.Selection;
import org.spikeflow.data.spec.Split;
import org.spikeflow.data.spec.SplitPolicy;
import org.spikeflow.data.transform.InputTransform;

import java.io.Serializable;

/**
 * Which samples a task reads, in a form that travels to other machines: {@link DataLoader}'s request with the
 * specification as text. {@link #load()} gives exactly what the commands load with the same flags.
 */
public record DataRequest(String spec, Split split, int first, int limit, long selectionSeed, double validationFraction,
                          double testFraction, long splitSeed, String transform) implements Serializable {

    /** The evaluation samples of {@code model}: {@code snn simulate --data --split --limit|--first --split-seed ...}. */
    public static DataRequest evaluation(ModelSpec model, DataSettings d) {
        return new DataRequest(model.data(), d.split(), d.first(), d.limit(), d.splitSeed(), d.validationFraction(),
            d.testFraction(), d.splitSeed(), model.transform());
    }

    /** The calibration samples: {@code snn convert --calibration --calibration-split --calibration-limit --split-seed ...}. */
    public static DataRequest calibration(ModelSpec model, DataSettings d, ConversionSettings c) {
        return new DataRequest(model.calibration(), c.calibrationSplit(), 0, c.calibrationLimit(), d.splitSeed(),
            d.validationFraction(), d.testFraction(), d.splitSeed(), model.transform());
    }

    public Dataset load() {
        return DataLoader.load(spec, new DataLoader.Request(split, new SplitPolicy(validationFraction, testFraction, splitSeed),
            new Selection(first, limit, selectionSeed), InputTransform.parse(transform)));
    }

    void hashInto(Canonical c, String prefix) {
        c.put(prefix + ".spec", spec).put(prefix + ".split", split).put(prefix + ".first", first).put(prefix + ".limit", limit)
            .put(prefix + ".selection_seed", selectionSeed).put(prefix + ".validation_fraction", validationFraction)
            .put(prefix + ".test_fraction", testFraction).put(prefix + ".split_seed", splitSeed).put(prefix + ".transform", transform);
    }
}
