package org.spikeflow.data.io;

import org.spikeflow.data.DataException;
import org.spikeflow.graph.Shape;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST ({@code .gz} or plain): unsigned-byte images
 * ({@code 0x00000803}: count, rows, columns) and labels ({@code 0x00000801}: count). Pixels are scaled to
 * [0, 1] by dividing by 255. Declared sizes are checked before anything is allocated: against the file's length
 * for plain files, and image by image for compressed ones, so a corrupt header costs at most one image.
 */
public final class IdxReader {
    /** Largest number of items an IDX file may declare. */
    public static final int MAX_ITEMS = 50_000_000;
    /** Largest image (rows x columns) an IDX file may declare. */
    public static final int MAX_PIXELS = 1 << 24;

    private IdxReader() {
    }

    /** Images of one file with their shape (1 x rows x columns). */
    public record Images(Shape shape, float[][] pixels) {
    }

    /**
     * The file for {@code base} in {@code dir}: {@code base.gz}, {@code base}, or the variant with a dot before
     * {@code idx} that some distributions use.
     */
    public static Path find(Path dir, String base) {
        Path gz = dir.resolve(base + ".gz");
        if (Files.isRegularFile(gz)) return gz;
        Path plain = dir.resolve(base);
        if (Files.isRegularFile(plain)) return plain;
        Path dotted = dir.resolve(base.replace("-idx", ".idx"));
        if (Files.isRegularFile(dotted)) return dotted;
        Path dottedGz = dir.resolve(base.replace("-idx", ".idx") + ".gz");
        if (Files.isRegularFile(dottedGz)) return dottedGz;
        throw new DataException(dir + ": missing " + base + "[.gz]");
    }

    /** True if {@code dir} holds a file for {@code base} (see {@link #find}). */
    public static boolean exists(Path dir, String base) {
        try {
            find(dir, base);
            return true;
        } catch (DataException e) {
            return false;
        }
    }

    private static boolean compressed(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        if (compressed(file)) in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        return new DataInputStream(in);
    }

    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000801) {
                throw new DataException(file + ": not an IDX label file (magic 0x" + Integer.toHexString(magic) + ", expected 0x801)");
            }
            int n = in.readInt();
            if (n < 0 || n > MAX_ITEMS) throw new DataException(file + ": declares " + n + " labels (allowed: 0 to " + MAX_ITEMS + ")");
            if (!compressed(file) && Files.size(file) < 8L + n) {
                throw new DataException(file + ": truncated: declares " + n + " labels but holds " + (Files.size(file) - 8) + " bytes of them");
            }
            int[] out = new int[n];
            byte[] buf = new byte[1 << 16];
            for (int i = 0; i < n; ) {
                int k = Math.min(buf.length, n - i);
                in.readFully(buf, 0, k);
                for (int j = 0; j < k; j++) out[i + j] = buf[j] & 0xff;
                i += k;
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (EOFException | ZipException e) {
            throw new DataException(file + ": truncated or corrupt IDX file (ends before its declared size)");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX labels: " + e.getMessage(), e);
        }
    }

    public static Images readImages(Path file) {
        RawImages raw = readRawImages(file);
        float[][] out = new float[raw.bytes().length][];
        for (int i = 0; i < out.length; i++) {
            byte[] b = raw.bytes()[i];
            float[] img = new float[b.length];
            for (int j = 0; j < b.length; j++) img[j] = (b[j] & 0xff) / 255f;
            out[i] = img;
        }
        return new Images(raw.shape(), out);
    }

    /** Unsigned-byte images of one file as stored (segmentation masks), with their shape (1 x rows x columns). */
    public record RawImages(Shape shape, byte[][] bytes) {
    }

    public static RawImages readRawImages(Path file) {
        try (DataInputStream in = open(file)) {
            int magic = in.readInt();
            if (magic != 0x00000803) {
                throw new DataException(file + ": not an IDX image file (magic 0x" + Integer.toHexString(magic) + ", expected 0x803)");
            }
            int n = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (n < 0 || n > MAX_ITEMS || rows <= 0 || cols <= 0 || (long) rows * cols > MAX_PIXELS) {
                throw new DataException(file + ": implausible IDX header: " + n + " images of " + rows + "x" + cols
                    + " (allowed: up to " + MAX_ITEMS + " images of at most " + MAX_PIXELS + " pixels)");
            }
            int size = rows * cols;
            // a compressed file's length says nothing about its content: the declared total is bounded by the limit
            org.spikeflow.io.InputLimits.current().elements(file + ": " + n + " images of " + rows + "x" + cols, n, rows, cols);
            if (!compressed(file) && Files.size(file) < 16L + (long) n * size) {
                throw new DataException(file + ": truncated: declares " + n + " images of " + rows + "x" + cols + " ("
                    + (16L + (long) n * size) + " bytes) but holds " + Files.size(file) + " bytes");
            }
            byte[][] out = new byte[n][];
            for (int i = 0; i < n; i++) {
                byte[] raw = new byte[size];
                try {
                    in.readFully(raw);
                } catch (EOFException e) {
                    throw new DataException(file + ": truncated: declares " + n + " images of " + rows + "x" + cols + " but ends in image " + i);
                }
                out[i] = raw;
            }
            return new RawImages(Shape.chw(1, rows, cols), out);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (EOFException | ZipException e) {
            throw new DataException(file + ": truncated or corrupt IDX file (ends before its declared size)");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read IDX images: " + e.getMessage(), e);
        }
    }

    /** Reads one image file with its label file and checks that their counts agree. */
    public static org.spikeflow.data.Dataset read(Path images, Path labels, String name) {
        int[] lab = readLabels(labels);
        Images img = readImages(images);
        if (img.pixels().length != lab.length) {
            throw new DataException(images + ": " + img.pixels().length + " images but " + labels.getFileName() + " has " + lab.length + " labels");
        }
        int max = -1;
        for (int l : lab) max = Math.max(max, l);
        return new org.spikeflow.data.Dataset(name, img.shape(), img.pixels(), lab, max + 1);
    }
}
