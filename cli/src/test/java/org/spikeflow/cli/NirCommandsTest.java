package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.testing.SharedFixtures;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** snn convert / inspect / export with NIR graphs, and their errors. */
class NirCommandsTest {

    @Test
    void convertsInspectsAndExportsTheSinabsCnn(@TempDir Path dir) throws Exception {
        Path nir = SharedFixtures.require("fixtures/nir/cnn_sinabs.nir");
        Cli i = Cli.run("inspect", nir.toString());
        assertEquals(ExitCodes.OK, i.code, i.toString());
        assertTrue(i.out.contains("NIR 0.2.0 graph, 15 nodes, 14 edges"), i.out);
        assertTrue(i.out.contains("(NIR graph imported as a spiking network): 6 populations, 8,970 neurons"), i.out);
        Path snn = dir.resolve("cnn.snn");
        Cli c = Cli.run("convert", nir.toString(), "-o", snn.toString(), "--dt", "0.001", "--discretization", "exponential");
        assertEquals(ExitCodes.OK, c.code, c.toString());
        assertTrue(c.out.contains("dt 0.001 s, exponential"), c.out);
        Path back = dir.resolve("cnn.nir");
        Cli e = Cli.run("export", snn.toString(), "-o", back.toString());
        assertEquals(ExitCodes.OK, e.code, e.toString());
        assertTrue(Files.size(back) > 100_000, "weights written");
        Cli again = Cli.run("inspect", back.toString());
        assertEquals(ExitCodes.OK, again.code, again.toString());
    }

    @Test
    void exportOfWhatNirCannotSayIsRefusedNamingTheLayerWithoutAFile(@TempDir Path dir) {
        Path model = SharedFixtures.require("fixtures/mnist_cnn.onnx");
        Path snn = dir.resolve("m.snn");
        assertEquals(ExitCodes.OK, Cli.run("convert", model.toString(), "-o", snn.toString(), "--norm", "none").code);
        Path out = dir.resolve("m.nir");
        Cli e = Cli.run("export", snn.toString(), "-o", out.toString());
        assertEquals(ExitCodes.INVALID_INPUT, e.code, e.toString());
        assertTrue(e.err.contains("cannot export 'features_features.2_MaxPool' to NIR: spiking max pooling"), e.err);
        assertFalse(Files.exists(out), "no output written");
        assertFalse(e.err.contains("at org."), "no stack trace");
    }

    @Test
    void badNirFileIsExitThreeWithOneLine(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.nir");
        Files.write(bad, "not hdf5 at all".getBytes());
        Cli c = Cli.run("convert", bad.toString(), "-o", dir.resolve("x.snn").toString());
        assertEquals(ExitCodes.INVALID_INPUT, c.code, c.toString());
        assertTrue(c.err.contains("bad.nir: not a readable NIR (HDF5) file"), c.err);
        assertFalse(c.err.contains("at org."), "no stack trace");
        assertFalse(Files.exists(dir.resolve("x.snn")));
        Cli d = Cli.run("convert", SharedFixtures.require("fixtures/nir/lif_norse.nir").toString(), "-o", dir.resolve("y.snn").toString(),
            "--dt", "-1");
        assertEquals(ExitCodes.USAGE, d.code, d.toString());
        assertTrue(d.err.contains("--dt"), d.err);
    }
}
