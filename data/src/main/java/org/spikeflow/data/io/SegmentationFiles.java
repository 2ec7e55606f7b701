package org.spikeflow.data.io;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.io.InputLimits;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Segmentation scenes with per-pixel masks, in one of three layouts of a directory:
 * <ul>
 *   <li>IDX pairs: {@code PREFIX-images-idx3-ubyte[.gz]} (grey scenes) with {@code PREFIX-masks-idx3-ubyte[.gz]} (one
 *       unsigned byte per pixel, of the same size), {@code train} and {@code t10k};</li>
 *   <li>folder pairs: {@code images/} and {@code masks/}, PNG or TIFF (or any format ImageIO reads), matched by name
 *       without extension; scenes read as grey, masks by their first band's raw values; all of one size;</li>
 *   <li>multi-page TIFF stacks: {@code NAME.tif} with {@code NAME_groundtruth.tif}, one page per scene (Lucchi's
 *       {@code training.tif} + {@code training_groundtruth.tif}, {@code testing.tif} + {@code testing_groundtruth.tif}:
 *       {@code training} is then the training file, {@code testing} the test file).</li>
 * </ul>
 * Masks hold class indices (0 the background), or are binary with 0 and 255 (read as classes 0 and 1). Each scene's
 * sample label is its most frequent foreground class (0 for a scene of background only), so that splits and
 * stratified subsets keep the mix of objects. IDX pairs and training/testing stacks have a test file; folder pairs
 * and a single stack come in one piece.
 */
public final class SegmentationFiles {
    private SegmentationFiles() {
    }

    /** True if {@code dir}'s scenes come with a separate test file (IDX {@code t10k} pair, or a {@code testing} stack). */
    public static boolean hasTestFile(Path dir) {
        return hasIdx(dir, "t10k") || Files.isRegularFile(stack(dir, "testing")) && Files.isRegularFile(truth(dir, "testing"));
    }

    /** One file of a directory with a test file: {@code train} (IDX train pair or training stack) or {@code t10k}. */
    public static Dataset readPart(Path dir, String prefix) {
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": not a directory of segmentation data");
        if (hasIdx(dir, "t10k") || hasIdx(dir, "train")) return readIdx(dir, prefix);
        String name = prefix.equals("t10k") ? "testing" : "training";
        return readStack(stack(dir, name), truth(dir, name));
    }

    /** Every scene of a directory without a test file: folder pairs, or its one TIFF stack pair. */
    public static Dataset readWhole(Path dir) {
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": not a directory of segmentation data");
        if (Files.isDirectory(dir.resolve("images")) && Files.isDirectory(dir.resolve("masks"))) return readFolders(dir);
        java.util.List<Path> stacks = new java.util.ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.matches("(?i).*\\.tiff?$") && !n.matches("(?i).*_groundtruth\\.tiff?$")) {
                    String base = n.replaceFirst("(?i)\\.tiff?$", "");
                    if (Files.isRegularFile(truth(dir, base))) stacks.add(p);
                }
            }
        } catch (java.io.IOException e) {
            throw new DataException(dir + ": cannot list: " + e.getMessage(), e);
        }
        if (stacks.size() == 1) {
            String base = stacks.get(0).getFileName().toString().replaceFirst("(?i)\\.tiff?$", "");
            return readStack(stacks.get(0), truth(dir, base));
        }
        throw new DataException(dir + ": no segmentation data (expected train-/t10k-images-idx3-ubyte with -masks-idx3-ubyte,"
            + " images/ and masks/ folders, or NAME.tif with NAME_groundtruth.tif" + (stacks.size() > 1 ? "; found "
            + stacks.size() + " stack pairs, expected one or training/testing" : "") + ")");
    }

    private static Path stack(Path dir, String base) {
        Path t = dir.resolve(base + ".tif");
        return Files.isRegularFile(t) ? t : dir.resolve(base + ".tiff");
    }

    private static Path truth(Path dir, String base) {
        Path t = dir.resolve(base + "_groundtruth.tif");
        return Files.isRegularFile(t) ? t : dir.resolve(base + "_groundtruth.tiff");
    }

    /** Scenes from {@code images/}, masks from {@code masks/}, matched by name without extension. */
    static Dataset readFolders(Path dir) {
        java.util.Map<String, Path> masks = new java.util.TreeMap<>();
        for (Path m : list(dir.resolve("masks"))) masks.put(base(m), m);
        java.util.List<Path> images = list(dir.resolve("images"));
        if (images.isEmpty()) throw new DataException(dir.resolve("images") + ": no images");
        // every scene is of the first one's size: the whole set is bounded before anything is decoded
        int[] first = ImageFolderReader.declaredSize(images.get(0));
        InputLimits.current().elements(dir.resolve("images") + ": " + images.size() + " scenes of " + first[1] + "x" + first[0],
            images.size(), first[1], first[0]);
        float[][] scenes = new float[images.size()][];
        byte[][] labels = new byte[images.size()][];
        int h = -1, w = -1;
        for (int i = 0; i < images.size(); i++) {
            Path f = images.get(i);
            Path m = masks.remove(base(f));
            if (m == null) throw new DataException(f + ": no mask of the same name in " + dir.resolve("masks"));
            java.awt.image.BufferedImage img = ImageFolderReader.readImage(f);
            java.awt.image.BufferedImage mk = ImageFolderReader.readImage(m);
            if (h < 0) {
                h = img.getHeight();
                w = img.getWidth();
            }
            if (img.getHeight() != h || img.getWidth() != w) {
                throw new DataException(f + ": " + img.getHeight() + "x" + img.getWidth() + " but the first scene is " + h + "x" + w);
            }
            if (mk.getHeight() != h || mk.getWidth() != w) {
                throw new DataException(m + ": mask of " + mk.getHeight() + "x" + mk.getWidth() + " for a scene of " + h + "x" + w);
            }
            scenes[i] = img.getRaster().getNumBands() == 1 ? grey(img.getRaster())
                : ImageFolderReader.pixels(img, org.spikeflow.graph.Shape.chw(1, h, w));
            labels[i] = maskBytes(mk.getRaster(), m);
        }
        if (!masks.isEmpty()) {
            throw new DataException(masks.values().iterator().next() + ": a mask without a scene in " + dir.resolve("images"));
        }
        return of("seg:" + dir, org.spikeflow.graph.Shape.chw(1, h, w), scenes, labels);
    }

    /** Every page of a multi-page TIFF scene stack with the pages of its ground-truth stack. */
    static Dataset readStack(Path scenes, Path truth) {
        java.util.List<java.awt.image.Raster> s = pages(scenes), t = pages(truth);
        if (s.size() != t.size()) throw new DataException(truth + ": " + t.size() + " masks for " + s.size() + " scenes in " + scenes.getFileName());
        int h = s.get(0).getHeight(), w = s.get(0).getWidth();
        float[][] x = new float[s.size()][];
        byte[][] y = new byte[s.size()][];
        for (int i = 0; i < s.size(); i++) {
            java.awt.image.Raster r = s.get(i), m = t.get(i);
            if (r.getHeight() != h || r.getWidth() != w || m.getHeight() != h || m.getWidth() != w) {
                throw new DataException(truth + ": page " + i + " is not " + h + "x" + w + " like the first scene");
            }
            x[i] = grey(r);
            y[i] = maskBytes(m, truth);
        }
        return of("seg:" + scenes.getParent() + " (" + scenes.getFileName() + ")", org.spikeflow.graph.Shape.chw(1, h, w), x, y);
    }

    /** A one-band raster's stored values scaled by the largest value of its sample size (no colour conversion). */
    private static float[] grey(java.awt.image.Raster r) {
        int h = r.getHeight(), w = r.getWidth();
        int bits = r.getSampleModel().getSampleSize(0);
        double max = (1L << Math.min(bits, 31)) - 1;
        float[] px = new float[h * w];
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) px[y * w + x] = (float) (r.getSample(x, y, 0) / max);
        return px;
    }

    private static java.util.List<java.awt.image.Raster> pages(Path f) {
        try (javax.imageio.stream.ImageInputStream in = javax.imageio.ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) throw new DataException(f + ": no such file");
            java.util.Iterator<javax.imageio.ImageReader> readers = javax.imageio.ImageIO.getImageReaders(in);
            if (!readers.hasNext()) throw new DataException(f + ": not a readable TIFF stack (unknown format)");
            javax.imageio.ImageReader reader = readers.next();
            try {
                reader.setInput(in, false, true);
                int n = tiffPages(f);
                if (n < 0) n = reader.getNumImages(true);
                if (n < 1) throw new DataException(f + ": no pages");
                // every page's header first: each page and the stack as a whole within the limits, before decoding
                long max = InputLimits.current().maxElements();
                long total = 0;
                for (int i = 0; i < n; i++) {
                    int w = reader.getWidth(i), h = reader.getHeight(i);
                    ImageFolderReader.checkDeclaredSize(f, "page " + i, w, h);
                    total += (long) w * h;
                    if (total > max) {
                        throw new DataException(f + ": its " + n + " pages declare " + total + " pixels up to page " + i
                            + " alone, more than the limit of " + max + " (raise it with --max-elements)");
                    }
                }
                java.util.List<java.awt.image.Raster> out = new java.util.ArrayList<>();
                for (int i = 0; i < n; i++) out.add(reader.read(i).getRaster());
                return out;
            } finally {
                reader.dispose();
            }
        } catch (org.spikeflow.io.InvalidInputException e) {
            throw e;
        } catch (java.io.IOException | RuntimeException e) {
            throw new DataException(f + ": corrupt or truncated TIFF stack (" + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
    }

    /**
     * The number of pages of a TIFF (or BigTIFF) file, counted along its chain of image file directories, or -1 when
     * {@code f} is not a TIFF. A chain that loops back on itself (where ImageIO's TIFF reader would walk forever) or
     * points outside the file is refused, naming the offset.
     */
    static int tiffPages(Path f) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f)) {
            long length = ch.size();
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(16);
            if (length < 8 || ch.read(head, 0) < 8) return -1;
            head.flip();
            byte b0 = head.get(0), b1 = head.get(1);
            if (b0 != b1 || (b0 != 'I' && b0 != 'M')) return -1;
            head.order(b0 == 'I' ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
            int magic = head.getShort(2) & 0xffff;
            boolean big = magic == 43;
            if (magic != 42 && !big) return -1;
            if (big && head.limit() < 16) throw new DataException(f + ": truncated BigTIFF header");
            long offset = big ? head.getLong(8) : head.getInt(4) & 0xffffffffL;
            java.util.Set<Long> seen = new java.util.HashSet<>();
            int pages = 0;
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(8).order(head.order());
            while (offset != 0) {
                if (offset < 8 || offset >= length) {
                    throw new DataException(f + ": page " + pages + "'s directory offset " + offset + " lies outside the file of "
                        + length + " bytes");
                }
                if (!seen.add(offset)) {
                    throw new DataException(f + ": the chain of page directories loops back to offset " + offset + " after "
                        + pages + " pages");
                }
                pages++;
                long entries = read(ch, buf, offset, big ? 8 : 2, f);
                long next = offset + (big ? 8 + 20 * entries : 2 + 12 * entries);
                if (entries < 0 || entries > length || next + (big ? 8 : 4) > length) {
                    throw new DataException(f + ": page " + (pages - 1) + "'s directory at offset " + offset + " declares "
                        + entries + " entries, more than the file of " + length + " bytes holds");
                }
                offset = read(ch, buf, next, big ? 8 : 4, f);
            }
            return pages;
        } catch (java.io.IOException e) {
            throw new DataException(f + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** An unsigned integer of {@code bytes} (2, 4 or 8) at {@code at}, in the buffer's byte order. */
    private static long read(java.nio.channels.FileChannel ch, java.nio.ByteBuffer buf, long at, int bytes, Path f) throws java.io.IOException {
        buf.clear().limit(bytes);
        if (ch.read(buf, at) < bytes) throw new DataException(f + ": truncated page directory at offset " + at);
        return switch (bytes) {
            case 2 -> buf.getShort(0) & 0xffff;
            case 4 -> buf.getInt(0) & 0xffffffffL;
            default -> buf.getLong(0);
        };
    }

    /** A mask's first band as unsigned bytes (class indices, or 0/255). */
    private static byte[] maskBytes(java.awt.image.Raster r, Path f) {
        int h = r.getHeight(), w = r.getWidth();
        byte[] out = new byte[h * w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int v = r.getSample(x, y, 0);
                if (v < 0 || v > 255) throw new DataException(f + ": mask value " + v + " at (" + y + ", " + x + ") is not a class index 0-255");
                out[y * w + x] = (byte) v;
            }
        return out;
    }

    private static java.util.List<Path> list(Path dir) {
        try (var s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new DataException(dir + ": cannot list: " + e.getMessage(), e);
        }
    }

    private static String base(Path p) {
        return p.getFileName().toString().replaceFirst("\\.[^.]+$", "");
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
