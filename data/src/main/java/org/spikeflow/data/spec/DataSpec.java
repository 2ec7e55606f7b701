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
 *   <li>{@code demo}: the embedded MNIST subsets.</li>
 * </ul>
 */
public record DataSpec(Kind kind, Path path, int height, int width, boolean grey, String text) {
    public enum Kind {
        IDX, FOLDER, NPZ, NPY, DEMO;

        /** True for kinds with a separate test file (the training file then holds train and validation). */
        public boolean hasTestFile() {
            return this == IDX || this == DEMO;
        }

        /** True for kinds whose samples are recorded spike trains rather than images. */
        public boolean spikeTrains() {
            return this == NPZ || this == NPY;
        }
    }

    private static final Pattern FOLDER_OPTIONS = Pattern.compile("(?:(\\d{1,9})x(\\d{1,9}))?(,?grey)?");
    /** Largest image size a folder specification may ask for. */
    public static final int MAX_SIDE = 4096;

    public static DataSpec parse(String text) {
        if (text == null || text.isBlank()) throw new DataSpecException("data", "a data specification is required (idx:DIR, folder:DIR, npz:FILE, npy:DIR or demo)");
        if (text.equals("demo")) return new DataSpec(Kind.DEMO, null, 0, 0, false, text);
        int colon = text.indexOf(':');
        if (colon < 0) throw new DataSpecException("data", "must be idx:DIR, folder:DIR, npz:FILE, npy:DIR or demo, got '" + text + "'");
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
            case "idx" -> new DataSpec(Kind.IDX, path, 0, 0, false, text);
            case "npz" -> new DataSpec(Kind.NPZ, path, 0, 0, false, text);
            case "npy" -> new DataSpec(Kind.NPY, path, 0, 0, false, text);
            case "folder" -> folder(rest, text);
            default -> throw new DataSpecException("data", "must be idx:DIR, folder:DIR, npz:FILE, npy:DIR or demo, got '" + text + "'");
        };
    }

    private static DataSpec folder(String rest, String text) {
        int at = rest.lastIndexOf('@');
        if (at < 0 || Files.isDirectory(Paths.get(rest))) return new DataSpec(Kind.FOLDER, Paths.get(rest), 0, 0, false, text);
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
        return new DataSpec(Kind.FOLDER, Paths.get(rest.substring(0, at)), h, w, m.group(3) != null, text);
    }

    @Override
    public String toString() {
        return text;
    }
}
