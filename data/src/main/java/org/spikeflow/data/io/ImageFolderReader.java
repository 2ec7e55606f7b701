package org.spikeflow.data.io;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;

import org.spikeflow.graph.Shape;
import org.spikeflow.io.InputLimits;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Loads a dataset laid out as one sub-folder per class (sorted by name = class index), images in any format
 * ImageIO reads (PNG, JPEG, BMP, GIF, TIFF). Images are scaled to [0, 1]; grey images give 1 channel, colour
 * images 3; all images are resized to the size of the first one unless a size is given.
 */
public final class ImageFolderReader {
    private ImageFolderReader() {
    }

    public static Dataset load(Path dir, int height, int width, boolean grey) {
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": not a directory");
        List<Path> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list: " + e.getMessage(), e);
        }
        if (classes.isEmpty()) throw new DataException(dir + ": empty dataset (no class sub-folders)");
        List<List<Path>> perClass = new ArrayList<>();
        long count = 0;
        for (Path cls : classes) {
            try (Stream<Path> s = Files.list(cls)) {
                perClass.add(s.filter(Files::isRegularFile).filter(ImageFolderReader::isImage).sorted().toList());
            } catch (IOException e) {
                throw new DataException(cls + ": cannot list: " + e.getMessage(), e);
            }
            count += perClass.get(perClass.size() - 1).size();
        }
        if (count == 0) throw new DataException(dir + ": empty dataset (no images in the class folders)");
        List<float[]> samples = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        Shape shape = null;
        for (int c = 0; c < classes.size(); c++) {
            for (Path f : perClass.get(c)) {
                BufferedImage img = readImage(f);
                if (shape == null) {
                    int h = height > 0 ? height : img.getHeight();
                    int w = width > 0 ? width : img.getWidth();
                    boolean g = grey || img.getColorModel().getNumColorComponents() == 1;
                    shape = Shape.chw(g ? 1 : 3, h, w);
                    // the whole set is held as floats: refused before a second image is decoded
                    InputLimits.current().elements(dir + ": " + count + " images of " + shape.channels() + "x" + h + "x" + w,
                        count, shape.channels(), h, w);
                }
                samples.add(pixels(img, shape));
                labels.add(c);
            }
        }
        int[] lab = labels.stream().mapToInt(Integer::intValue).toArray();
        return new Dataset("folder:" + dir, shape, samples.toArray(new float[0][]), lab, classes.size());
    }

    /**
     * Checks the size page {@code page} of {@code f} declares in its header before anything is decoded: positive, and
     * as three channels of floats ({@code 3 x height x width}, what a colour image becomes) within
     * {@link InputLimits#maxElements} (raised with {@code --max-elements}).
     */
    static void checkDeclaredSize(Path f, String what, long w, long h) {
        if (w <= 0 || h <= 0) throw new DataException(f + ": " + what + " declares " + w + "x" + h + " pixels (width and height must be positive)");
        InputLimits.current().elements(f + ": " + what + " of " + w + "x" + h + " pixels", 3, h, w);
    }

    /**
     * The width and height the header of {@code f}'s first image declares, checked ({@link #checkDeclaredSize}) without
     * decoding any pixel.
     */
    public static int[] declaredSize(Path f) {
        return withReader(f, reader -> {
            int w = reader.getWidth(0), h = reader.getHeight(0);
            checkDeclaredSize(f, "image", w, h);
            return new int[] {w, h};
        });
    }

    /**
     * Decodes one image after checking the size its header declares ({@link #checkDeclaredSize}), so a corrupt header
     * cannot make the decoder allocate gigabytes; a file no decoder accepts, or one that fails half-way, is a
     * {@link DataException}.
     */
    public static BufferedImage readImage(Path f) {
        return withReader(f, reader -> {
            checkDeclaredSize(f, "image", reader.getWidth(0), reader.getHeight(0));
            BufferedImage img = reader.read(0);
            if (img == null) throw new DataException(f + ": not a readable image");
            return img;
        });
    }

    private interface ReaderStep<T> {
        T apply(javax.imageio.ImageReader reader) throws IOException;
    }

    /** Runs {@code step} on the decoder of {@code f}'s format; every failure is a {@link DataException} naming the file. */
    private static <T> T withReader(Path f, ReaderStep<T> step) {
        try (javax.imageio.stream.ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) throw new DataException(f + ": cannot open image");
            java.util.Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new DataException(f + ": not a readable image (unknown format)");
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                return step.apply(reader);
            } finally {
                reader.dispose();
            }
        } catch (org.spikeflow.io.InvalidInputException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataException(f + ": corrupt or truncated image (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    private static boolean isImage(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".bmp") || n.endsWith(".gif")
            || n.endsWith(".tif") || n.endsWith(".tiff");
    }

    /** HWC floats in [0, 1], resized with bilinear interpolation when needed. */
    static float[] pixels(BufferedImage img, Shape s) {
        BufferedImage src = img;
        if (img.getWidth() != s.width() || img.getHeight() != s.height()) {
            BufferedImage r = new BufferedImage(s.width(), s.height(), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = r.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(img, 0, 0, s.width(), s.height(), null);
            g.dispose();
            src = r;
        }
        float[] out = new float[s.size()];
        for (int y = 0; y < s.height(); y++) {
            for (int x = 0; x < s.width(); x++) {
                int rgb = src.getRGB(x, y);
                int r = (rgb >> 16) & 0xff, gch = (rgb >> 8) & 0xff, b = rgb & 0xff;
                int base = (y * s.width() + x) * s.channels();
                if (s.channels() == 1) {
                    out[base] = (0.299f * r + 0.587f * gch + 0.114f * b) / 255f;
                } else {
                    out[base] = r / 255f;
                    out[base + 1] = gch / 255f;
                    out[base + 2] = b / 255f;
                }
            }
        }
        return out;
    }
}
