package org.spikeflow.data.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed data specification:
 * <ul>
 *   <li>{@code idx:DIR}: MNIST-style IDX files ({@code train-}/{@code t10k-} images and labels, {@code .gz} or not);</li>
 *   <li>{@code folder:DIR[@HxW|@grey|@HxW,grey]}: one sub-folder per class of images (PNG, JPEG, TIFF, BMP),
 *       resized bilinearly to H x W (by default to the first image's size) and optionally made grey;</li>
 *   <li>{@code npz:FILE}: recorded spike trains or events in a NumPy archive;</li>
 *   <li>{@code npy:DIR}: one {@code .npy} spike train per sample in class sub-folders;</li>
 *   <li>{@code seg:DIR}: segmentation scenes with per-pixel masks: IDX pairs {@code train-}/{@code t10k-images-idx3-ubyte}
 *       with {@code -masks-idx3-ubyte} ({@code .gz} or not), {@code images/} and {@code masks/} folders, or multi-page
 *       TIFF stacks {@code NAME.tif} with {@code NAME_groundtruth.tif} ({@code SegmentationFiles});</li>
 *   <li>{@code events:FILE.npz[@T]}: event-camera recordings binned into T frames of (2, H, W) ({@code EventFiles});
 *       T in the {@code count} component, 0 for the file's own;</li>
 *   <li>{@code demo}: the embedded MNIST subsets;</li>
 *   <li>{@code random:CxHxW[,N]}: N (default 100) images of uniform random pixels in [0, 1) with random labels of
 *       10 classes in each part (train, validation and test draw their own), seeded, for measuring networks that have no data at hand (calibration and speed, not accuracy).</li>
 * </ul>
 */
public record DataSpec(Kind kind, Path path, int height, int width, boolean grey, String text, int channels, int count) {
    public enum Kind {
        IDX, FOLDER, NPZ, NPY, DEMO, RANDOM, SEG, EVENTS;

        /** True for kinds with a separate test file (the training file then holds train and validation). */
        public boolean hasTestFile() {
            return this == IDX || this == DEMO; // SEG: by its layout (SegmentationFiles.hasTestFile)
        }

        /** True for kinds whose samples are recorded spike trains rather than images. */
        public boolean spikeTrains() {
            return this == NPZ || this == NPY || this == EVENTS;
        }
    }

    private static final Pattern FOLDER_OPTIONS = Pattern.compile("(?:(\\d{1,9})x(\\d{1,9}))?(,?grey)?");
    /** Largest image size a folder specification may ask for. */
    public static final int MAX_SIDE = 4096;

    public static DataSpec parse(String text) {
        if (text == null || text.isBlank()) throw new DataSpecException("data", "a data specification is required (idx:DIR, folder:DIR, npz:FILE, events:FILE.npz[@T], seg:DIR, npy:DIR, random:CxHxW or demo)");
        if (text.equals("demo")) return new DataSpec(Kind.DEMO, null, 0, 0, false, text, 0, 0);
        if (text.startsWith("random:")) return random(text.substring("random:".length()), text);
        int colon = text.indexOf(':');
        if (colon < 0) throw new DataSpecException("data", "must be idx:DIR, folder:DIR, npz:FILE, events:FILE.npz[@T], seg:DIR, npy:DIR, random:CxHxW or demo, got '" + text + "'");
        String kind = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        if (rest.isEmpty()) throw new DataSpecException("data", "'" + text + "' names no file or directory");
        Path path;
        try {
            path = Paths.get(rest);
        } catch (java.nio.file.InvalidPathException e) {
            throw new DataSpecException("data", "'" + rest + "' is not a valid path");
        }
        return switch (kind) {
            case "idx" -> new DataSpec(Kind.IDX, path, 0, 0, false, text, 0, 0);
            case "npz" -> new DataSpec(Kind.NPZ, path, 0, 0, false, text, 0, 0);
            case "npy" -> new DataSpec(Kind.NPY, path, 0, 0, false, text, 0, 0);
            case "seg" -> new DataSpec(Kind.SEG, path, 0, 0, false, text, 0, 0);
            case "events" -> events(rest, text);
            case "folder" -> folder(rest, text);
            default -> throw new DataSpecException("data", "must be idx:DIR, folder:DIR, npz:FILE, events:FILE.npz[@T], seg:DIR, npy:DIR, random:CxHxW or demo, got '" + text + "'");
        };
    }

    private static final Pattern RANDOM = Pattern.compile("(\\d{1,4})x(\\d{1,5})x(\\d{1,5})(?:,(\\d{1,7}))?");
    /** Most values (samples x pixels x channels) a random specification may ask for: 1 GiB of floats. */
    public static final long MAX_RANDOM_VALUES = 1L << 28;

    private static DataSpec random(String rest, String text) {
        Matcher m = RANDOM.matcher(rest);
        if (!m.matches()) throw new DataSpecException("data", "random: takes CxHxW or CxHxW,N (e.g. random:3x64x64,200), got '" + text + "'");
        int c = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        int w = Integer.parseInt(m.group(3));
        int n = m.group(4) == null ? 100 : Integer.parseInt(m.group(4));
        if (c < 1 || h < 1 || w < 1 || h > MAX_SIDE || w > MAX_SIDE || n < 1) {
            throw new DataSpecException("data", "random:CxHxW,N needs at least 1 channel, sides from 1 to " + MAX_SIDE + " and N >= 1, got '" + text + "'");
        }
        if ((long) c * h * w * n > MAX_RANDOM_VALUES) {
            throw new DataSpecException("data", "'" + text + "' asks for " + ((long) c * h * w * n) + " values, more than " + MAX_RANDOM_VALUES + "; ask for fewer images");
        }
        return new DataSpec(Kind.RANDOM, null, h, w, false, text, c, n);
    }

    /** {@code events:FILE.npz[@T]}: T time bins (the count component), 0 for the file's own 'timesteps'. */
    private static DataSpec events(String rest, String text) {
        int at = rest.lastIndexOf('@');
        if (at < 0 || Files.isRegularFile(Paths.get(rest))) return new DataSpec(Kind.EVENTS, Paths.get(rest), 0, 0, false, text, 0, 0);
        String bins = rest.substring(at + 1);
        if (!bins.matches("\\d{1,7}") || Integer.parseInt(bins) < 1) {
            throw new DataSpecException("data", "events:FILE takes @T, a number of time bins from 1, after the file, got '@" + bins + "'");
        }
        return new DataSpec(Kind.EVENTS, Paths.get(rest.substring(0, at)), 0, 0, false, text, 0, Integer.parseInt(bins));
    }

    private static DataSpec folder(String rest, String text) {
        int at = rest.lastIndexOf('@');
        if (at < 0 || Files.isDirectory(Paths.get(rest))) return new DataSpec(Kind.FOLDER, Paths.get(rest), 0, 0, false, text, 0, 0);
        String opts = rest.substring(at + 1);
        Matcher m = FOLDER_OPTIONS.matcher(opts);
        if (opts.isEmpty() || !m.matches() || opts.startsWith(",")) {
            throw new DataSpecException("data", "folder:DIR takes @HxW, @grey or @HxW,grey after the directory, got '@" + opts + "'");
        }
        int h = 0, w = 0;
        if (m.group(1) != null) {
            h = Integer.parseInt(m.group(1));
            w = Integer.parseInt(m.group(2));
            if (h <= 0 || w <= 0 || h > MAX_SIDE || w > MAX_SIDE) {
                throw new DataSpecException("data", "folder:DIR@HxW needs a size from 1x1 to " + MAX_SIDE + "x" + MAX_SIDE + ", got '" + m.group(1) + "x" + m.group(2) + "'");
            }
        }
        return new DataSpec(Kind.FOLDER, Paths.get(rest.substring(0, at)), h, w, m.group(3) != null, text, 0, 0);
    }

    @Override
    public String toString() {
        return text;
    }
}
