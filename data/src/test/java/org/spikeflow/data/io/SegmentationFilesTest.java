package org.spikeflow.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.data.spec.Selection;
import org.spikeflow.data.spec.Split;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Segmentation scenes and masks in IDX pairs ({@code seg:DIR}), written by the test. */
class SegmentationFilesTest {

    /** One IDX3 file of unsigned bytes: n images of rows x cols, pixel j of image i = value(i, j). */
    private static void idx3(Path f, int n, int rows, int cols, java.util.function.IntBinaryOperator value) throws IOException {
        OutputStream raw = Files.newOutputStream(f);
        try (DataOutputStream out = new DataOutputStream(f.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw)) {
            out.writeInt(0x803);
            out.writeInt(n);
            out.writeInt(rows);
            out.writeInt(cols);
            for (int i = 0; i < n; i++) for (int j = 0; j < rows * cols; j++) out.writeByte(value.applyAsInt(i, j));
        }
    }

    /** Scene i: pixel j = (i + j) mod 256; its mask: class 0 except pixels 0..i of class (i mod 3) + 1. */
    private static void pair(Path dir, String prefix, int n, boolean gzip) throws IOException {
        String gz = gzip ? ".gz" : "";
        idx3(dir.resolve(prefix + "-images-idx3-ubyte" + gz), n, 2, 3, (i, j) -> (i + j) % 256);
        idx3(dir.resolve(prefix + "-masks-idx3-ubyte" + gz), n, 2, 3, (i, j) -> j <= i % 6 ? i % 3 + 1 : 0);
    }

    @Test
    void readsScenesWithClassIndexMasksAndLabelsEachSceneByItsMainObject(@TempDir Path dir) throws IOException {
        pair(dir, "t10k", 4, true);
        Dataset d = SegmentationFiles.readIdx(dir, "t10k");
        assertEquals(4, d.size());
        assertEquals(6, d.samples()[0].length);
        assertEquals(3 / 255f, d.samples()[1][2], 1e-7f);
        assertTrue(d.segmentation());
        assertEquals(4, d.masks().classes(), "classes 0..3");
        assertArrayEquals(new byte[] {3, 3, 3, 0, 0, 0}, d.masks().labels()[2]);
        assertArrayEquals(new int[] {1, 2, 3, 1}, d.labels());
    }

    @Test
    void binaryMasksOf0And255BecomeClasses0And1(@TempDir Path dir) throws IOException {
        idx3(dir.resolve("train-images-idx3-ubyte"), 2, 1, 4, (i, j) -> j);
        idx3(dir.resolve("train-masks-idx3-ubyte"), 2, 1, 4, (i, j) -> j >= 2 + i ? 255 : 0);
        Dataset d = SegmentationFiles.readIdx(dir, "train");
        assertEquals(2, d.masks().classes());
        assertArrayEquals(new byte[] {0, 0, 1, 1}, d.masks().labels()[0]);
        assertArrayEquals(new byte[] {0, 0, 0, 1}, d.masks().labels()[1]);
    }

    @Test
    void splitsAndSelectionsKeepEachMaskWithItsScene(@TempDir Path dir) throws IOException {
        pair(dir, "train", 30, false);
        pair(dir, "t10k", 12, true);
        DataSpec spec = DataSpec.parse("seg:" + dir);
        assertEquals(DataSpec.Kind.SEG, spec.kind());
        Dataset test = DataLoader.load(spec, DataLoader.Request.of(Split.TEST).withSelection(Selection.first(5)));
        assertEquals(5, test.size());
        for (int i = 0; i < 5; i++) assertEquals(i / 255f, test.samples()[i][0], 1e-7f);
        Dataset train = DataLoader.load(spec, DataLoader.Request.of(Split.TRAIN));
        Dataset validation = DataLoader.load(spec, DataLoader.Request.of(Split.VALIDATION));
        assertEquals(30, train.size() + validation.size());
        for (Dataset part : new Dataset[] {train, validation, DataLoader.load(spec,
            DataLoader.Request.of(Split.TRAIN).withSelection(Selection.stratified(9, 3)))}) {
            for (int s = 0; s < part.size(); s++) {
                int i = Math.round(part.samples()[s][0] * 255); // the scene's index in the file
                byte[] m = part.masks().labels()[s];
                for (int j = 0; j < 6; j++) assertEquals(j <= i % 6 ? i % 3 + 1 : 0, m[j], "scene " + i + " pixel " + j);
            }
        }
    }

    @Test
    void masksThatDoNotMatchTheScenesAreRefusedNamingTheFile(@TempDir Path dir) throws IOException {
        idx3(dir.resolve("t10k-images-idx3-ubyte"), 3, 2, 3, (i, j) -> 0);
        idx3(dir.resolve("t10k-masks-idx3-ubyte"), 2, 2, 3, (i, j) -> 0);
        DataException e = assertThrows(DataException.class, () -> SegmentationFiles.readIdx(dir, "t10k"));
        assertTrue(e.getMessage().contains("t10k-masks-idx3-ubyte") && e.getMessage().contains("2 masks for 3 scenes"), e.getMessage());
        idx3(dir.resolve("t10k-masks-idx3-ubyte"), 3, 3, 2, (i, j) -> 0);
        DataException s = assertThrows(DataException.class, () -> SegmentationFiles.readIdx(dir, "t10k"));
        assertTrue(s.getMessage().contains("masks of 3x2 for scenes of 2x3"), s.getMessage());
        Files.delete(dir.resolve("t10k-masks-idx3-ubyte"));
        DataException m = assertThrows(DataException.class, () -> SegmentationFiles.readIdx(dir, "t10k"));
        assertTrue(m.getMessage().contains("missing t10k-masks-idx3-ubyte"), m.getMessage());
    }

    private static java.awt.image.BufferedImage grey(int h, int w, java.util.function.IntBinaryOperator v) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, v.applyAsInt(y, x));
        return img;
    }

    @Test
    void folderPairsAreMatchedByNameWhateverTheirFormat(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("images"));
        Files.createDirectories(dir.resolve("masks"));
        for (int i = 0; i < 30; i++) {
            final int k = i;
            javax.imageio.ImageIO.write(grey(3, 4, (y, x) -> 8 * k + x), "png", dir.resolve("images/s" + i + ".png").toFile());
            javax.imageio.ImageIO.write(grey(3, 4, (y, x) -> x >= 2 ? k % 3 + 1 : 0), k % 2 == 0 ? "tiff" : "png",
                dir.resolve("masks/s" + i + (k % 2 == 0 ? ".tif" : ".png")).toFile());
        }
        Dataset all = SegmentationFiles.readWhole(dir);
        assertEquals(30, all.size());
        assertEquals(4, all.masks().classes());
        for (int s = 0; s < 30; s++) {
            int i = Math.round(all.samples()[s][0] * 255) / 8; // the scene's index, from its first pixel
            assertArrayEquals(new byte[] {0, 0, (byte) (i % 3 + 1), (byte) (i % 3 + 1)}, java.util.Arrays.copyOf(all.masks().labels()[s], 4));
        }
        // Divided like any dataset in one piece; every part keeps its masks.
        Dataset test = DataLoader.load(DataSpec.parse("seg:" + dir), DataLoader.Request.of(Split.TEST));
        assertEquals(3, test.size(), "a tenth of each class");
        assertTrue(test.segmentation());
        Files.delete(dir.resolve("masks/s3.png"));
        DataException e = assertThrows(DataException.class, () -> SegmentationFiles.readWhole(dir));
        assertTrue(e.getMessage().contains("s3.png") && e.getMessage().contains("no mask"), e.getMessage());
    }

    private static void stack(Path f, int pages, java.util.function.IntFunction<java.awt.image.BufferedImage> page) throws IOException {
        javax.imageio.ImageWriter w = javax.imageio.ImageIO.getImageWritersByFormatName("tiff").next();
        try (javax.imageio.stream.ImageOutputStream out = javax.imageio.ImageIO.createImageOutputStream(f.toFile())) {
            w.setOutput(out);
            w.prepareWriteSequence(null);
            for (int i = 0; i < pages; i++) w.writeToSequence(new javax.imageio.IIOImage(page.apply(i), null, null), null);
            w.endWriteSequence();
        } finally {
            w.dispose();
        }
    }

    @Test
    void multiPageTiffStacksGiveOneSceneAPageAndTrainingTestingFiles(@TempDir Path dir) throws IOException {
        // Lucchi's layout: training.tif + training_groundtruth.tif (0/255 masks), testing.tif + testing_groundtruth.tif.
        for (String name : new String[] {"training", "testing"}) {
            int n = name.equals("training") ? 5 : 3;
            int offset = name.equals("training") ? 0 : 100;
            stack(dir.resolve(name + ".tif"), n, i -> grey(4, 6, (y, x) -> offset + i + y));
            stack(dir.resolve(name + "_groundtruth.tif"), n, i -> grey(4, 6, (y, x) -> y == i % 4 ? 255 : 0));
        }
        DataSpec spec = DataSpec.parse("seg:" + dir);
        Dataset test = DataLoader.load(spec, DataLoader.Request.of(Split.TEST));
        assertEquals(3, test.size());
        assertEquals(2, test.masks().classes(), "0/255 masks are binary");
        assertEquals(101 / 255f, test.samples()[1][0], 1e-6f);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1}, java.util.Arrays.copyOf(test.masks().labels()[1], 12));
        Dataset train = DataLoader.load(spec, DataLoader.Request.of(Split.TRAIN));
        assertTrue(train.size() >= 4 && train.size() <= 5, "the training stack less its validation part");
        stack(dir.resolve("testing_groundtruth.tif"), 2, i -> grey(4, 6, (y, x) -> 0));
        DataException e = assertThrows(DataException.class, () -> DataLoader.load(spec, DataLoader.Request.of(Split.TEST)));
        assertTrue(e.getMessage().contains("testing_groundtruth.tif") && e.getMessage().contains("2 masks for 3 scenes"), e.getMessage());
    }
}
