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
}
