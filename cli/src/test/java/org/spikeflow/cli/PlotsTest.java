package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.training.Arch;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {
    static final String[] PLOTS = {"accuracy_vs_timesteps", "spikes_per_layer", "firing_rate_histogram", "spike_raster", "energy_vs_accuracy"};

    private static Path simulate(Path dir, Arch arch, long seed, Path data) throws Exception {
        Path model = TestData.model(dir.resolve(arch + ".onnx"), arch, seed);
        Path net = dir.resolve(arch + ".snn");
        Cli c = Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", "idx:" + data, "--calibration-limit", "30");
        assertEquals(0, c.code, c.toString());
        Path plots = dir.resolve("plots-" + arch);
        Cli s = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--timesteps", "8", "--checkpoints", "2,4,8",
            "--limit", "6", "--plots", plots.toString(), "--html", dir.resolve(arch + ".html").toString(), "--energy", "loihi,cpu");
        assertEquals(0, s.code, s.toString());
        return plots;
    }

    @Test
    void simulateWritesValidPngsThatDifferBetweenNetworks(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 30);
        Path a = simulate(dir, Arch.MLP, 1, data);
        Path b = simulate(dir, Arch.CNN, 2, data);
        for (String name : PLOTS) {
            Path pa = a.resolve(name + ".png"), pb = b.resolve(name + ".png");
            for (Path p : new Path[] {pa, pb}) {
                byte[] bytes = Files.readAllBytes(p);
                assertTrue(bytes.length > 1000 && (bytes[0] & 0xff) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', p.toString());
                BufferedImage img = ImageIO.read(p.toFile());
                assertNotNull(img, p + " decodes");
                assertTrue(img.getWidth() >= 800);
            }
            assertFalse(Arrays.equals(Files.readAllBytes(pa), Files.readAllBytes(pb)), name + " differs between the two networks");
        }
        String html = Files.readString(dir.resolve("MLP.html"));
        assertTrue(html.contains("data:image/png;base64,") && html.contains("accuracy"), "self-contained html");
    }
}
