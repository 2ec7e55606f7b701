package org.spikeflow.cli.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz tests for every reader and for the command entry point ({@link FuzzTargets}). In a normal build they run
 * in regression mode over the committed inputs ({@code src/test/resources/org/spikeflow/cli/fuzz/ReaderFuzzTestInputs/TARGET/}),
 * in a JVM of their own (Jazzer's agent stays out of the other tests); with {@code JAZZER_FUZZ=1} Jazzer fuzzes one
 * target for its {@code maxDuration} (see the README). The shared fixtures and seeded mutants of them run through the
 * same targets in {@link FixtureMutantsTest}.
 */
class ReaderFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void onnx(byte[] b) {
        FuzzTargets.onnx(b);
    }

    @FuzzTest(maxDuration = "10m")
    void kerasHdf5(byte[] b) {
        FuzzTargets.kerasHdf5(b);
    }

    @FuzzTest(maxDuration = "10m")
    void kerasArchive(byte[] b) {
        FuzzTargets.kerasArchive(b);
    }

    @FuzzTest(maxDuration = "10m")
    void networkFile(byte[] b) {
        FuzzTargets.networkFile(b);
    }

    @FuzzTest(maxDuration = "10m")
    void idxImages(byte[] b) {
        FuzzTargets.idxImages(b);
    }

    @FuzzTest(maxDuration = "10m")
    void idxLabels(byte[] b) {
        FuzzTargets.idxLabels(b);
    }

    @FuzzTest(maxDuration = "10m")
    void npz(byte[] b) {
        FuzzTargets.npz(b);
    }

    @FuzzTest(maxDuration = "10m")
    void npy(byte[] b) {
        FuzzTargets.npy(b);
    }

    @FuzzTest(maxDuration = "10m")
    void image(byte[] b) {
        FuzzTargets.image(b);
    }

    @FuzzTest(maxDuration = "10m")
    void profile(byte[] b) {
        FuzzTargets.profile(b);
    }

    @FuzzTest(maxDuration = "10m")
    void report(byte[] b) {
        FuzzTargets.report(b);
    }

    @FuzzTest(maxDuration = "10m")
    void command(FuzzedDataProvider data) throws Exception {
        FuzzTargets.command(data);
    }
}
