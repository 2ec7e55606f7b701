package org.spikeflow.data.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {

    /** Writes {@code prefix}-images/labels IDX files: n images of rows x cols whose first pixel is the image's index, labels i % classes. */
    static void idx(Path dir, String prefix, int n, int rows, int cols, int classes, boolean gzip) throws IOException {
        Files.createDirectories(dir);
        String ext = gzip ? ".gz" : "";
        try (DataOutputStream img = new DataOutputStream(out(dir.resolve(prefix + "-images-idx3-ubyte" + ext), gzip));
             DataOutputStream lab = new DataOutputStream(out(dir.resolve(prefix + "-labels-idx1-ubyte" + ext), gzip))) {
            img.writeInt(0x803);
            img.writeInt(n);
            img.writeInt(rows);
            img.writeInt(cols);
            lab.writeInt(0x801);
            lab.writeInt(n);
            for (int i = 0; i < n; i++) {
                byte[] px = new byte[rows * cols];
                px[0] = (byte) i;
                px[rows * cols - 1] = (byte) 255;
                img.write(px);
                lab.writeByte(i % classes);
            }
        }
    }

    private static OutputStream out(Path f, boolean gzip) throws IOException {
        OutputStream o = Files.newOutputStream(f);
        return gzip ? new GZIPOutputStream(o) : o;
    }

    @Test
    void nonSquareIdxImagesKeepTheirShapeAndClassesComeFromTheLabels(@TempDir Path dir) throws Exception {
        idx(dir, "train", 30, 20, 30, 3, true);
        idx(dir, "t10k", 9, 20, 30, 3, false);
        Dataset test = DataLoader.load("idx:" + dir, DataLoader.Request.of(Split.TEST));
        assertEquals(org.spikeflow.graph.Shape.chw(1, 20, 30), test.shape());
        assertEquals(3, test.classes(), "three classes, not a forced ten");
        assertEquals(9, test.size());
        assertEquals(1f, test.samples()[0][20 * 30 - 1], "last pixel of a 20x30 image, row-major");
        assertEquals(2 / 255f, test.samples()[2][0], 1e-7f);
    }

    @Test
    void idxTestPartIsTheTestFileAndValidationIsAStratifiedTenthOfTheTrainingFile(@TempDir Path dir) throws Exception {
        idx(dir, "train", 100, 4, 4, 10, false);
        idx(dir, "t10k", 20, 4, 4, 10, false);
        Dataset train = DataLoader.load("idx:" + dir, DataLoader.Request.of(Split.TRAIN));
        Dataset val = DataLoader.load("idx:" + dir, DataLoader.Request.of(Split.VALIDATION));
        Dataset test = DataLoader.load("idx:" + dir, DataLoader.Request.of(Split.TEST));
        assertEquals(90, train.size());
        assertEquals(10, val.size());
        assertEquals(20, test.size());
        Set<Float> ids = new HashSet<>();
        for (Dataset d : new Dataset[] {train, val}) for (float[] x : d.samples()) assertTrue(ids.add(x[0]), "train and validation are disjoint");
        assertEquals(100, ids.size());
        int[] perClass = new int[10];
        for (int y : val.labels()) perClass[y]++;
        for (int c : perClass) assertEquals(1, c, "one validation image per class");
    }

    /** Two classes of 10 grey 4x4 PNG images; pixel (0,0) of image i of class c is 10 c + i (its identity). */
    static Path folder(Path dir) throws IOException {
        for (int c = 0; c < 2; c++) {
            Path d = Files.createDirectories(dir.resolve("class" + c));
            for (int i = 0; i < 10; i++) {
                BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY);
                img.getRaster().setSample(0, 0, 0, 10 * c + i);
                ImageIO.write(img, "png", d.resolve(String.format("%02d.png", i)).toFile());
            }
        }
        return dir;
    }

    @Test
    void folderPartsAreDisjointStratifiedAndTheSameForEveryLoad(@TempDir Path tmp) throws Exception {
        String spec = "folder:" + folder(tmp.resolve("imgs"));
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (Split s : Split.values()) {
            Dataset d = DataLoader.load(spec, DataLoader.Request.of(s));
            assertEquals(s == Split.TRAIN ? 16 : 2, d.size(), s.name());
            int[] perClass = new int[2];
            for (int i = 0; i < d.size(); i++) {
                assertTrue(seen.add(Math.round(d.samples()[i][0] * 255)), "an image appears in one part only");
                perClass[d.labels()[i]]++;
            }
            assertEquals(perClass[0], perClass[1], "classes in proportion in " + s);
            total += d.size();
            Dataset again = DataLoader.load(spec, DataLoader.Request.of(s));
            for (int i = 0; i < d.size(); i++) assertArrayEquals(d.samples()[i], again.samples()[i], "same samples on every load");
        }
        assertEquals(20, total);
        Dataset other = DataLoader.load(spec, new DataLoader.Request(Split.TEST, new SplitPolicy(0.1, 0.1, 9), Selection.ALL,
            org.spikeflow.data.transform.InputTransform.NONE));
        assertEquals(2, other.size(), "another split seed draws another test part of the same size");
    }

    @Test
    void limitDrawsEveryClassFromAClassSortedTestFile(@TempDir Path dir) throws Exception {
        idx(dir, "train", 10, 2, 2, 5, false);
        // A class-sorted test file, like the MNIST subset's: 50 images, 10 per class in class order.
        Files.createDirectories(dir);
        try (DataOutputStream img = new DataOutputStream(Files.newOutputStream(dir.resolve("t10k-images-idx3-ubyte")));
             DataOutputStream lab = new DataOutputStream(Files.newOutputStream(dir.resolve("t10k-labels-idx1-ubyte")))) {
            img.writeInt(0x803);
            img.writeInt(50);
            img.writeInt(2);
            img.writeInt(2);
            lab.writeInt(0x801);
            lab.writeInt(50);
            for (int i = 0; i < 50; i++) {
                img.write(new byte[] {(byte) i, 0, 0, 0});
                lab.writeByte(i / 10);
            }
        }
        Dataset first = DataLoader.load("idx:" + dir, DataLoader.Request.of(Split.TEST).withSelection(Selection.first(10)));
        assertTrue(java.util.Arrays.stream(first.labels()).allMatch(y -> y == 0), "the first 10 are all class 0");
        Dataset some = DataLoader.load("idx:" + dir, DataLoader.Request.of(Split.TEST).withSelection(Selection.stratified(10, 0)));
        int[] perClass = new int[5];
        for (int y : some.labels()) perClass[y]++;
        assertArrayEquals(new int[] {2, 2, 2, 2, 2}, perClass);
    }

    @Test
    void anEmptyPartIsReportedNotReturned(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("tiny");
        Path d = Files.createDirectories(dir.resolve("only"));
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_BYTE_GRAY);
        ImageIO.write(img, "png", d.resolve("a.png").toFile());
        DataException e = assertThrows(DataException.class, () -> DataLoader.load("folder:" + dir, DataLoader.Request.of(Split.TEST)));
        assertTrue(e.getMessage().contains("test part") && e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void randomImagesHaveTheAskedShapeAndAreTheSameEveryTime() {
        Dataset a = DataLoader.load("random:3x8x6,50", DataLoader.Request.of(Split.TRAIN));
        Dataset b = DataLoader.load("random:3x8x6,50", DataLoader.Request.of(Split.TRAIN));
        assertEquals(org.spikeflow.graph.Shape.chw(3, 8, 6), a.shape());
        assertEquals(50, a.size());
        Dataset test = DataLoader.load("random:3x8x6,50", DataLoader.Request.of(Split.TEST));
        assertEquals(50, test.size(), "every part holds N images of its own");
        assertFalse(java.util.Arrays.equals(a.samples()[0], test.samples()[0]), "calibration images are not the simulated ones");
        assertArrayEquals(a.samples()[7], b.samples()[7]);
        double sum = 0;
        for (float[] x : a.samples()) for (float v : x) {
            assertTrue(v >= 0f && v < 1f);
            sum += v;
        }
        assertEquals(0.5, sum / (a.size() * 144.0), 0.02);
        assertEquals(100, DataLoader.part(DataSpec.parse("random:1x4x4"), Split.TRAIN, new SplitPolicy(0, 0, 0)).size(), "default count");
    }

    @Test
    void randomSpecsOutsideTheLimitsAreRefusedBeforeAllocating() {
        for (String bad : new String[] {"random:3x64", "random:0x8x8", "random:3x8x8,0", "random:3x5000x8", "random:3x4096x4096,100"}) {
            DataSpecException e = assertThrows(DataSpecException.class, () -> DataSpec.parse(bad), bad);
            assertTrue(e.getMessage().contains(bad), e.getMessage());
        }
    }
}
