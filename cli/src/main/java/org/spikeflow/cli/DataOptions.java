package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataSpecException;
import org.spikeflow.data.spec.Selection;
import org.spikeflow.data.spec.Split;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the samples of a command that reads one dataset come from, and which of them it uses. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "SPEC", description = "Dataset: idx:DIR (MNIST-style IDX files, .gz or not),"
        + " folder:DIR[@HxW|@grey|@HxW,grey] (one sub-folder per class), npz:FILE or npy:DIR (recorded spike trains), events:FILE.npz[@T] (event-camera x, y, t, p binned into T frames as Tonic's ToFrame),"
        + " random:CxHxW[,N] (N uniform random images, default 100, for speed and memory measurements), or demo (the embedded default). Default: ${DEFAULT-VALUE}.", defaultValue = "demo")
    String data;

    @Option(names = "--split", paramLabel = "PART", defaultValue = "test",
        description = "Part of the dataset: ${COMPLETION-CANDIDATES} (the same division for every kind of data and every"
            + " command). Default: ${DEFAULT-VALUE}.")
    Split split;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
        description = "Use N samples of the part, drawn stratified (every class in proportion) with --split-seed (0 = all).")
    int limit;

    @Option(names = "--first", paramLabel = "N", defaultValue = "0",
        description = "Use the first N samples of the part in stored order (0 = all); not with --limit.")
    int first;

    @Mixin
    DataFlags flags;

    Selection selection() {
        try {
            return new Selection(first, limit, flags.splitSeed);
        } catch (DataSpecException e) {
            throw DataFlags.usage(e, "--data");
        }
    }

    Dataset load() {
        return flags.load("--data", data, split, selection());
    }
}
