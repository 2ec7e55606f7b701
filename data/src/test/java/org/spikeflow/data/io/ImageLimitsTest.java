package org.spikeflow.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.Dataset;
import org.spikeflow.io.InputLimits;
import org.spikeflow.io.InvalidInputException;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Image folders, segmentation folder pairs and TIFF stacks whose headers declare more than the limits hold: refused
 * from the headers, before the pixels are decoded, naming the file; a TIFF whose page chain loops is refused instead
 * of walked forever. Every file is written by the test.
 */
class ImageLimitsTest {

    private static byte[] chunk(String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length).order(ByteOrder.BIG_ENDIAN);
        b.putInt(data.length).put(type.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 4, 4 + data.length);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** An 8-bit grey PNG whose IHDR declares {@code w x h}, with {@code rows} rows of zeros actually stored. */
    static byte[] png(int w, int h, int rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        out.write(chunk("IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put(new byte[] {8, 0, 0, 0, 0}).array()));
        Deflater d = new Deflater();
        d.setInput(new byte[rows * (w + 1)]);
        d.finish();
        byte[] buf = new byte[rows * (w + 1) + 64];
        int n = d.deflate(buf);
        out.write(chunk("IDAT", java.util.Arrays.copyOf(buf, n)));
        out.write(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    /**
     * A little-endian TIFF of {@code pages} 8-bit grey pages of {@code w x h} declared (one strip each, all pointing at
     * the same few bytes); with {@code loop} the last page's directory points back at the first.
     */
    static byte[] tiff(int pages, int w, int h, boolean loop) {
        int entries = 9, ifd = 2 + 12 * entries + 4;
        int data = 8 + pages * ifd;
        ByteBuffer b = ByteBuffer.allocate(data + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        for (int p = 0; p < pages; p++) {
            b.putShort((short) entries);
            int[][] tags = {{256, 4, w}, {257, 4, h}, {258, 3, 8}, {259, 3, 1}, {262, 3, 1}, {273, 4, data}, {277, 3, 1},
                {278, 4, h}, {279, 4, 16}};
            for (int[] t : tags) {
                b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
                if (t[1] == 3) b.putShort((short) t[2]).putShort((short) 0);
                else b.putInt(t[2]);
            }
            b.putInt(p + 1 < pages ? 8 + (p + 1) * ifd : loop ? 8 : 0);
        }
        return b.array();
    }

    private static String refused(Runnable r, Path file) {
        InvalidInputException e = assertThrows(InvalidInputException.class, r::run);
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void pngWhoseHeaderDeclaresTenGigapixelsIsRefusedBeforeDecoding(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.png");
        Files.write(f, png(100000, 100000, 1));
        String m = refused(() -> ImageFolderReader.readImage(f), f);
        assertTrue(m.contains("100000x100000") && m.contains("limit of 134217728") && m.contains("--max-elements"), m);
        Path cls = Files.createDirectories(dir.resolve("set").resolve("a"));
        Files.copy(f, cls.resolve("0.png"));
        String inFolder = refused(() -> ImageFolderReader.load(dir.resolve("set"), 0, 0, false), cls.resolve("0.png"));
        assertTrue(inFolder.contains("100000x100000"), inFolder);
    }

    @Test
    void folderWhoseImagesInAllExceedTheLimitIsRefusedBeforeTheSecondIsDecoded(@TempDir Path dir) throws IOException {
        // 33 grey images of 2048 x 2048: each 4 Mi pixels, together 138,412,032 floats, more than 2^27; only the
        // first holds its pixels, the others are headers that would fail to decode
        Path cls = Files.createDirectories(dir.resolve("set").resolve("a"));
        Files.write(cls.resolve("00.png"), png(2048, 2048, 2048));
        for (int i = 1; i < 33; i++) Files.write(cls.resolve(String.format("%02d.png", i)), png(2048, 2048, 0));
        String m = refused(() -> ImageFolderReader.load(dir.resolve("set"), 0, 0, false), dir.resolve("set"));
        assertTrue(m.contains("33 images of 1x2048x2048") && m.contains("138412032") && m.contains("--max-elements"), m);
    }

    @Test
    void aFolderWithinTheLimitLoadsAndOneImageMoreThanALoweredLimitIsRefused(@TempDir Path dir) throws IOException {
        Path cls = Files.createDirectories(dir.resolve("set").resolve("a"));
        BufferedImage img = new BufferedImage(4, 3, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setSample(1, 2, 0, 255);
        for (int i = 0; i < 5; i++) javax.imageio.ImageIO.write(img, "png", cls.resolve(i + ".png").toFile());
        Dataset d = ImageFolderReader.load(dir.resolve("set"), 0, 0, false);
        assertEquals(5, d.size());
        assertEquals(1f, d.samples()[4][2 * 4 + 1]);
        InputLimits.set(new InputLimits(59, InputLimits.DEFAULT_MAX_SYNAPSES, InputLimits.DEFAULT_MAX_NEURONS));
        try {
            String m = refused(() -> ImageFolderReader.load(dir.resolve("set"), 0, 0, false), dir.resolve("set"));
            assertTrue(m.contains("5 images of 1x3x4") && m.contains("60 elements") && m.contains("limit of 59"), m);
        } finally {
            InputLimits.set(InputLimits.DEFAULT);
        }
    }

    @Test
    void segmentationFolderWhoseScenesInAllExceedTheLimitIsRefusedFromTheFirstHeader(@TempDir Path dir) throws IOException {
        // six scenes declared 5000 x 5000 (each within the limit as an image, 150,000,000 pixels together); none is decoded
        Path images = Files.createDirectories(dir.resolve("images")), masks = Files.createDirectories(dir.resolve("masks"));
        for (int i = 0; i < 6; i++) {
            Files.write(images.resolve(i + ".png"), png(5000, 5000, 0));
            Files.write(masks.resolve(i + ".png"), png(5000, 5000, 0));
        }
        String m = refused(() -> SegmentationFiles.readWhole(dir), images);
        assertTrue(m.contains("6 scenes of 5000x5000") && m.contains("150000000") && m.contains("--max-elements"), m);
    }

    @Test
    void tiffStackWithAbsurdPageSizeOrPageCountIsRefusedFromItsDirectories(@TempDir Path dir) throws IOException {
        Path wide = dir.resolve("wide.tif");
        Files.write(wide, tiff(2, 100000, 100000, false));
        Files.write(dir.resolve("wide_groundtruth.tif"), tiff(2, 100000, 100000, false));
        String m = refused(() -> SegmentationFiles.readWhole(dir), wide);
        assertTrue(m.contains("page 0 of 100000x100000") && m.contains("--max-elements"), m);

        Path many = Files.createDirectories(dir.resolve("many")).resolve("stack.tif");
        // 300 pages of 1000 x 1000 declared in 34 kB: 300,000,000 pixels
        Files.write(many, tiff(300, 1000, 1000, false));
        Files.write(many.resolveSibling("stack_groundtruth.tif"), tiff(300, 1000, 1000, false));
        String p = refused(() -> SegmentationFiles.readWhole(many.getParent()), many);
        assertTrue(p.contains("300 pages") && p.contains("up to page 134") && p.contains("limit of 134217728"), p);
    }

    @Test
    void tiffWhosePageChainLoopsIsRefusedInsteadOfWalkedForever(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("loop.tif");
        Files.write(f, tiff(3, 4, 4, true));
        Files.write(dir.resolve("loop_groundtruth.tif"), tiff(3, 4, 4, true));
        String m = refused(() -> SegmentationFiles.readWhole(dir), f);
        assertTrue(m.contains("loops back to offset 8 after 3 pages"), m);
        assertEquals(3, SegmentationFiles.tiffPages(write(dir.resolve("ok.tif"), tiff(3, 4, 4, false))));
        assertEquals(-1, SegmentationFiles.tiffPages(write(dir.resolve("p.png"), png(4, 4, 4))));
    }

    private static Path write(Path f, byte[] b) throws IOException {
        Files.write(f, b);
        return f;
    }
}
