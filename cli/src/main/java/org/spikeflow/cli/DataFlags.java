package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.DataSpecException;
import org.spikeflow.data.spec.Selection;
import org.spikeflow.data.spec.Split;
import org.spikeflow.data.spec.SplitPolicy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * How every command that reads data reads it: the seeded, stratified division into train, validation and test
 * parts, and the input transform. Give the same values to every command of a study and they see the same
 * samples in each part.
 */
public final class DataFlags {
    @Mixin
    TransformOption transform;

    @Option(names = {"--validation-fraction", "--validation"}, paramLabel = "F", defaultValue = "0.1",
        description = "Fraction of the training material held out as the validation part. Default: ${DEFAULT-VALUE}.")
    double validation;

    @Option(names = "--test-fraction", paramLabel = "F", defaultValue = "0.1",
        description = "Fraction held out as the test part of datasets without a test file (folder:, npz:, npy:). Default: ${DEFAULT-VALUE}.")
    double test;

    @Option(names = "--split-seed", paramLabel = "S", defaultValue = "0",
        description = "Seed of the division into parts and of --limit's stratified draw. Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    SplitPolicy policy() {
        try {
            return new SplitPolicy(validation, test, splitSeed);
        } catch (DataSpecException e) {
            throw usage(e, "--data");
        }
    }

    /** A stratified subset of {@code n} samples (all for 0) with this command's seed. */
    Selection stratified(int n, String flag) {
        if (n < 0) throw new UsageException(flag + " must be >= 0, got " + n);
        return Selection.stratified(n, splitSeed);
    }

    /**
     * The validation samples that go with {@code trainingLimit} training samples: the same proportion as the
     * parts themselves (all of them when there is no limit).
     */
    Selection validationShare(int trainingLimit) {
        if (trainingLimit <= 0) return Selection.ALL;
        double v = policy().validation();
        return Selection.stratified(Math.max(1, (int) Math.round(trainingLimit * v / (1 - v))), splitSeed);
    }

    /**
     * Loads the {@code split} part of {@code spec} (given with option {@code flag}), selects, and transforms it; a
     * specification that cannot mean anything is a usage error naming its flag.
     */
    Dataset load(String flag, String spec, Split split, Selection selection) {
        try {
            return DataLoader.load(spec, new DataLoader.Request(split, policy(), selection, transform.transform()));
        } catch (DataSpecException e) {
            if ("transform".equals(e.option())) throw new UsageException("--transform " + transform.name + " " + e.getMessage());
            throw usage(e, flag);
        }
    }

    static UsageException usage(DataSpecException e, String specFlag) {
        String flag = e.option() == null || e.option().equals("data") ? specFlag : "--" + e.option();
        return new UsageException(flag + " " + e.getMessage());
    }
}
