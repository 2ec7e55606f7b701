package org.spikeflow.cli.fuzz;

import org.junit.jupiter.api.Test;
import org.spikeflow.testing.SharedFixtures;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/** The fuzz targets on the seeds made from ../shared and on seeded mutants of them (a fast, fixed regression set). */
class FixtureMutantsTest {
    @Test
    void fixturesAndTheirMutantsPassEveryTarget(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        SharedFixtures.require("fixtures/mnist_cnn.onnx");
        Fixtures fx = Fixtures.prepare(Fixtures.shared().orElseThrow(), dir.resolve("seeds"));
        SplittableRandom r = new SplittableRandom(12);
        record Target(Path seed, Consumer<byte[]> run, boolean text) { }
        List<Target> targets = List.of(
            new Target(fx.onnx(), FuzzTargets::onnx, false),
            new Target(fx.h5(), FuzzTargets::kerasHdf5, false),
            new Target(fx.keras(), FuzzTargets::kerasArchive, false),
            new Target(fx.snn(), FuzzTargets::networkFile, false),
            new Target(fx.idx().resolve("t10k-images-idx3-ubyte"), FuzzTargets::idxImages, false),
            new Target(fx.idx().resolve("t10k-labels-idx1-ubyte"), FuzzTargets::idxLabels, false),
            new Target(fx.golden(), FuzzTargets::npz, false),
            new Target(fx.profile(), FuzzTargets::profile, true),
            new Target(fx.report(), FuzzTargets::report, true));
        for (Target t : targets) {
            byte[] seed = Files.readAllBytes(t.seed());
            t.run().accept(seed);
            for (int i = 0; i < 20; i++) {
                t.run().accept(t.text() ? Mutators.text(new String(seed, StandardCharsets.UTF_8), r) : Mutators.bytes(seed, r, 4096));
            }
        }
    }
}
