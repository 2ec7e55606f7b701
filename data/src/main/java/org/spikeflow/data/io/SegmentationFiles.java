package org.spikeflow.data.io;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Segmentation scenes with per-pixel masks. IDX pairs: {@code PREFIX-images-idx3-ubyte[.gz]} (grey scenes) with
 * {@code PREFIX-masks-idx3-ubyte[.gz]} (one unsigned byte per pixel, of the same size). Masks hold class indices
 * (0 the background), or are binary with 0 and 255 (read as classes 0 and 1). Each scene's sample label is its most
 * frequent foreground class (0 for a scene of background only), so that splits and stratified subsets keep the mix
 * of objects.
 */
public final class SegmentationFiles {
    private SegmentationFiles() {
    }

    /** True if {@code dir} holds the IDX image and mask files of {@code prefix}. */
    public static boolean hasIdx(Path dir, String prefix) {
        return IdxReader.exists(dir, prefix + "-images-idx3-ubyte") && IdxReader.exists(dir, prefix + "-masks-idx3-ubyte");
    }

    /** The scenes and masks of one IDX pair ({@code train} or {@code t10k}). */
    public static Dataset readIdx(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": not a directory of segmentation IDX files");
        Path images = IdxReader.find(dir, prefix + "-images-idx3-ubyte");
        Path masks = IdxReader.find(dir, prefix + "-masks-idx3-ubyte");
        IdxReader.Images img = IdxReader.readImages(images);
        IdxReader.RawImages m = IdxReader.readRawImages(masks);
        if (m.bytes().length != img.pixels().length) {
            throw new DataException(masks + ": " + m.bytes().length + " masks for " + img.pixels().length + " scenes in "
                + images.getFileName());
        }
        if (!m.shape().equals(img.shape())) {
            throw new DataException(masks + ": masks of " + m.shape().height() + "x" + m.shape().width() + " for scenes of "
                + img.shape().height() + "x" + img.shape().width() + " in " + images.getFileName());
        }
        return of("seg:" + dir + " (" + prefix + " file)", img.shape(), img.pixels(), m.bytes());
    }

    /** A segmentation dataset from scenes and masks (masks of 0/255 only are read as binary). */
    public static Dataset of(String name, org.spikeflow.graph.Shape shape, float[][] scenes, byte[][] masks) {
        boolean binary = true;
        int max = 0;
        for (byte[] mk : masks) {
            for (byte b : mk) {
                int v = b & 0xff;
                if (v != 0 && v != 255) binary = false;
                if (v > max) max = v;
            }
        }
        byte[][] labels = masks;
        if (binary && max == 255) {
            labels = new byte[masks.length][];
            for (int i = 0; i < masks.length; i++) {
                byte[] o = new byte[masks[i].length];
                for (int j = 0; j < o.length; j++) o[j] = masks[i][j] == 0 ? 0 : (byte) 1;
                labels[i] = o;
            }
            max = 1;
        }
        int classes = Math.max(2, max + 1);
        int[] sceneLabels = new int[labels.length];
        int[] hist = new int[classes];
        for (int i = 0; i < labels.length; i++) {
            java.util.Arrays.fill(hist, 0);
            for (byte b : labels[i]) hist[b & 0xff]++;
            int best = 0;
            for (int c = 1; c < classes; c++) if (hist[c] > 0 && (best == 0 || hist[c] > hist[best])) best = c;
            sceneLabels[i] = best;
        }
        return new Dataset(name, shape, scenes, sceneLabels, classes, new Dataset.Masks(labels, classes));
    }
}
