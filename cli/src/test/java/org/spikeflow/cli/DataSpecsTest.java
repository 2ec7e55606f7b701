package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.data.spec.DataSpecException;
import org.spikeflow.data.Dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSpecsTest {

    /** Two classes of 12x16 (h x w) colour images: pure red, pure blue. */
    private static Path colourFolder(Path dir) throws Exception {
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(dir.resolve("c" + c));
            for (int i = 0; i < 3; i++) {
                BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 12; y++) for (int x = 0; x < 16; x++) img.setRGB(x, y, c == 0 ? 0xFF0000 : 0x0000FF);
                ImageIO.write(img, "png", dir.resolve("c" + c).resolve(i + ".png").toFile());
            }
        }
        return dir;
    }

    @Test
    void folderSpecResizesAndConvertsToGreyOnRequest(@TempDir Path tmp) throws Exception {
        Path dir = colourFolder(tmp.resolve("imgs"));
        Dataset asIs = DataLoader.whole(DataSpec.parse("folder:" + dir));
        assertEquals(3, asIs.shape().channels());
        assertEquals(12, asIs.shape().height());
        assertEquals(16, asIs.shape().width());
        assertEquals(1f, asIs.samples()[0][0], 1e-6, "red channel of a red pixel");
        Dataset small = DataLoader.whole(DataSpec.parse("folder:" + dir + "@6x8"));
        assertEquals(3, small.shape().channels());
        assertEquals(6, small.shape().height());
        assertEquals(8, small.shape().width());
        assertEquals(6 * 8 * 3, small.samples()[5].length);
        assertEquals(1f, small.samples()[5][2], 1e-6, "blue stays blue after resizing");
        Dataset grey = DataLoader.whole(DataSpec.parse("folder:" + dir + "@6x8,grey"));
        assertEquals(1, grey.shape().channels());
        assertEquals(0.299f, grey.samples()[0][0], 1e-3, "luma of pure red");
        assertEquals(0.114f, grey.samples()[5][0], 1e-3, "luma of pure blue");
        assertEquals(12, DataLoader.whole(DataSpec.parse("folder:" + dir + "@grey")).shape().height());
    }

    @Test
    void badFolderOptionsAreUsageErrorsNamingThem(@TempDir Path tmp) throws Exception {
        Path dir = colourFolder(tmp.resolve("imgs"));
        DataSpecException zero = assertThrows(DataSpecException.class, () -> DataLoader.whole(DataSpec.parse("folder:" + dir + "@0x8")));
        assertTrue(zero.getMessage().contains("0x8"), zero.getMessage());
        DataSpecException junk = assertThrows(DataSpecException.class, () -> DataLoader.whole(DataSpec.parse("folder:" + dir + "@big")));
        assertTrue(junk.getMessage().contains("@big"), junk.getMessage());
        Cli r = Cli.run("train", "--data", "folder:" + dir + "@6x-8", "-o", tmp.resolve("m.onnx").toString());
        assertEquals(ExitCodes.USAGE, r.code, r.toString());
        assertTrue(r.err.contains("@6x-8"), r.toString());
        assertTrue(!Files.exists(tmp.resolve("m.onnx")));
    }

    @Test
    void readsEuroSatJpegAndUcMercedTiffLayouts(@TempDir Path tmp) throws Exception {
        // EuroSAT: 64x64 RGB JPEG per class folder; UC Merced: 256x256 RGB TIFF, a few images a pixel row or so smaller.
        String[][] layouts = {{"jpg", "AnnualCrop", "Forest"}, {"tif", "agricultural", "airplane"}};
        for (String[] l : layouts) {
            Path dir = tmp.resolve(l[0]);
            for (int c = 0; c < 2; c++) {
                Files.createDirectories(dir.resolve(l[1 + c]));
                for (int i = 0; i < 2; i++) {
                    int h = i == 1 && l[0].equals("tif") ? 62 : 64;
                    BufferedImage img = new BufferedImage(64, h, BufferedImage.TYPE_INT_RGB);
                    for (int y = 0; y < h; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, c == 0 ? 0x20C020 : 0xC02020);
                    assertTrue(ImageIO.write(img, l[0].equals("jpg") ? "jpeg" : "tiff", dir.resolve(l[1 + c]).resolve(i + "." + l[0]).toFile()));
                }
            }
            Dataset d = DataLoader.whole(DataSpec.parse("folder:" + dir + "@32x32"));
            assertEquals(4, d.size(), l[0]);
            assertEquals(2, d.classes(), l[0]);
            assertEquals(3, d.shape().channels(), l[0]);
            assertEquals(32 * 32 * 3, d.samples()[3].length, l[0]);
            assertEquals(java.util.List.of(0, 0, 1, 1), java.util.Arrays.stream(d.labels()).boxed().toList(), "classes in folder-name order");
            // Green-dominant class 0, red-dominant class 1 (JPEG is lossy: compare channels, not values).
            assertTrue(d.samples()[0][1] > d.samples()[0][0] + 0.3 && d.samples()[3][0] > d.samples()[3][1] + 0.3, l[0]);
        }
    }

    @Test
    void aDirectoryWhoseNameHasAnAtSignStillLoads(@TempDir Path tmp) throws Exception {
        Path dir = colourFolder(tmp.resolve("eurosat@rgb"));
        assertEquals(12, DataLoader.whole(DataSpec.parse("folder:" + dir)).shape().height());
    }
}
