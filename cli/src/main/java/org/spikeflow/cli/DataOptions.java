package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Where the samples come from. */
public final class DataOptions {
    @Option(names = "--data", paramLabel = "SPEC", description = "Dataset: idx:DIR (MNIST-style IDX files, .gz or not),"
        + " folder:DIR (one sub-folder per class), or demo (the embedded default). Default: ${DEFAULT-VALUE}.",
        defaultValue = "demo")
    String data;

    @Option(names = "--split", paramLabel = "test|train", description = "Split of an IDX dataset. Default: ${DEFAULT-VALUE}.",
        defaultValue = "test")
    String split;

    @Option(names = "--limit", paramLabel = "N", description = "Use only the first N samples (0 = all).", defaultValue = "0")
    int limit;

    @Mixin
    TransformOption transform;

    Dataset load() {
        if (limit < 0) throw new UsageException("--limit must be >= 0, got " + limit);
        return transform.load(data, split, limit);
    }
}
