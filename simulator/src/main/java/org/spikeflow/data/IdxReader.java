package org.spikeflow.data;

import org.spikeflow.graph.Shape;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST ({@code .gz} or plain). A directory holds
 * {@code train-images-idx3-ubyte[.gz]}, {@code train-labels-idx1-ubyte[.gz]} and the {@code t10k-} pair.
 * Pixels (unsigned bytes) are scaled to [0, 1] by dividing by 255.
 */
public final class IdxReader {
    private IdxReader() {
    }

    public enum Split { TRAIN, TEST }

    /** Loads one split of an IDX directory. */
    public static Dataset load(Path dir, Split split) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": not a directory of IDX files");
        }
        String prefix = split == Split.TRAIN ? "train" : "t10k";
        Path images = find(dir, prefix + "-images-idx3-ubyte");
        Path labels = find(dir, prefix + "-labels-idx1-ubyte");
        int[] lab = readLabels(labels);
        float[][] img = readImages(images);
        if (img.length != lab.length) {
            throw new DataException(images + ": " + img.length + " images but " + labels.getFileName() + " has " + lab.length + " labels");
        }
        int rows = (int) Math.round(Math.sqrt(img.length == 0 ? 0 : img[0].length));
        int max = 0;
        for (int l : lab) max = Math.max(max, l);
        return new Dataset("idx:" + dir + " (" + split.name().toLowerCase() + ")", Shape.chw(1, rows, rows), img, lab,
            Math.max(10, max + 1));
    }

    static Path find(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) return plain;
        // Some distributions use a dot instead of a dash before idx.
        Path dotted = dir.resolve(base.replace("-idx", ".idx"));
        if (Files.isRegularFile(dotted)) return dotted;
        throw new DataException(dir + ": missing " + base + "[.gz]");
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (file.getFileName().toString().endsWith(".gz")) {
            in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return new DataInputStream(in);
    }

    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000801) {
                throw new DataException(file + ": not an IDX label file (magic 0x" + Integer.toHexString(magic) + ", expected 0x801)");
            }
            int n = in.readInt();
            if (n < 0) throw new DataException(file + ": negative item count " + n);
            byte[] raw = new byte[n];
            in.readFully(raw);
            int[] out = new int[n];
            for (int i = 0; i < n; i++) out[i] = raw[i] & 0xff;
            return out;
        } catch (EOFException e) {
            throw new DataException(file + ": truncated IDX file (ends before its declared size)");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX labels: " + e.getMessage(), e);
        }
    }

    public static float[][] readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new DataException(file + ": not an IDX image file (magic 0x" + Integer.toHexString(magic) + ", expected 0x803)");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || rows <= 0 || cols <= 0 || (long) rows * cols > 1 << 24) {
                throw new DataException(file + ": implausible IDX header " + n + "x" + rows + "x" + cols);
            }
            int size = rows * cols;
            float[][] out = new float[n][size];
            byte[] raw = new byte[size];
            for (int i = 0; i < n; i++) {
                in.readFully(raw);
                float[] img = out[i];
                for (int j = 0; j < size; j++) img[j] = (raw[j] & 0xff) / 255f;
            }
            return out;
        } catch (EOFException e) {
            throw new DataException(file + ": truncated IDX file (ends before its declared size)");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX images: " + e.getMessage(), e);
        }
    }
}
