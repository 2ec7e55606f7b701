package org.spikeflow.cli;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.PixelForward;
import org.spikeflow.io.AtomicFiles;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One PNG of segmentation masks for the first few samples of a run: per row the input, the ground truth, the ANN's
 * prediction (the network's rate-limit reading) and the SNN's at every checkpoint, classes in a fixed palette
 * (background black).
 */
final class MaskImages {
    private static final int[] PALETTE = {0x000000, 0xe6194b, 0x3cb44b, 0xffe119, 0x4363d8, 0xf58231, 0x911eb4, 0x46f0f0,
        0xf032e6, 0xbcf60c, 0xfabebe, 0x008080, 0xe6beff, 0x9a6324, 0xfffac8, 0x800000};
    private static final int GAP = 2;

    private MaskImages() {
    }

    /**
     * Writes {@code masks.png} for the first {@code rows} samples: {@code ann} gives the ANN's classes of a whole scene
     * (tile by tile for a tiled run), {@code snn[sample][checkpoint]} the SNN's.
     */
    static Path write(PixelForward ann, Dataset data, byte[][][] snn, int[] checkpoints, int rows, Path dir) throws IOException {
        final int h = data.shape().height(), w = data.shape().width(), in = data.shape().channels();
        final int n = Math.min(rows, data.size());
        final int cols = 3 + checkpoints.length;
        final int scale = Math.max(1, 96 / Math.max(h, w));
        BufferedImage img = new BufferedImage(cols * (w * scale + GAP), n * (h * scale + GAP), BufferedImage.TYPE_INT_RGB);
        byte[] annClasses = new byte[h * w];
        for (int s = 0; s < n; s++) {
            float[] x = data.samples()[s];
            int[] grey = new int[h * w];
            for (int p = 0; p < h * w && p * in < x.length; p++) {
                int v = Math.max(0, Math.min(255, Math.round(255 * x[p * in])));
                grey[p] = v << 16 | v << 8 | v;
            }
            tile(img, s, 0, h, w, scale, grey);
            tile(img, s, 1, h, w, scale, colours(data.masks().labels()[s]));
            ann.classes(x, annClasses);
            tile(img, s, 2, h, w, scale, colours(annClasses));
            for (int k = 0; k < checkpoints.length; k++) tile(img, s, 3 + k, h, w, scale, colours(snn[s][k]));
        }
        Path file = dir.resolve("masks.png");
        AtomicFiles.write(file, o -> ImageIO.write(img, "png", o));
        return file;
    }

    /** Column titles of {@link #write}'s image, left to right. */
    static String columns(int[] checkpoints) {
        StringBuilder sb = new StringBuilder("input, ground truth, ANN");
        for (int t : checkpoints) sb.append(", SNN T=").append(t);
        return sb.toString();
    }

    private static int[] colours(byte[] classes) {
        int[] rgb = new int[classes.length];
        for (int p = 0; p < classes.length; p++) rgb[p] = PALETTE[(classes[p] & 0xff) % PALETTE.length];
        return rgb;
    }

    private static void tile(BufferedImage img, int row, int col, int h, int w, int scale, int[] rgb) {
        final int x0 = col * (w * scale + GAP), y0 = row * (h * scale + GAP);
        for (int y = 0; y < h * scale; y++)
            for (int x = 0; x < w * scale; x++) img.setRGB(x0 + x, y0 + y, rgb[(y / scale) * w + x / scale]);
    }
}
