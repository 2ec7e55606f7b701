package org.spikeflow.cli;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.IdxReader;
import org.spikeflow.data.ImageFolderReader;
import org.spikeflow.graph.Shape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Parses dataset specifications: {@code idx:DIR}, {@code folder:DIR}, {@code demo}. */
final class DataSpecs {
    static final String DEMO = "demo/";

    private DataSpecs() {
    }

    static IdxReader.Split split(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "test" -> IdxReader.Split.TEST;
            case "train" -> IdxReader.Split.TRAIN;
            default -> throw new UsageException("--split must be test or train, got '" + s + "'");
        };
    }

    static Dataset load(String spec, String splitName) {
        IdxReader.Split split = split(splitName);
        if (spec.equals("demo")) return demo(split);
        int colon = spec.indexOf(':');
        if (colon < 0) throw new UsageException("--data must be idx:DIR, folder:DIR, npz:FILE or demo, got '" + spec + "'");
        String kind = spec.substring(0, colon);
        Path dir = Paths.get(spec.substring(colon + 1));
        return switch (kind) {
            case "idx" -> IdxReader.load(dir, split);
            case "folder" -> folder(spec.substring(colon + 1));
            case "npz" -> spikeTrains(dir);
            case "npy" -> spikeTrainFolder(dir);
            default -> throw new UsageException("--data must be idx:DIR, folder:DIR, npz:FILE, npy:DIR or demo, got '" + spec + "'");
        };
    }

    private static final java.util.regex.Pattern FOLDER_OPTIONS = java.util.regex.Pattern.compile("(?:(\\d+)x(\\d+))?(,?grey)?");

    /**
     * {@code DIR}, {@code DIR@HxW}, {@code DIR@grey} or {@code DIR@HxW,grey}: images resized (bilinear) to
     * H x W, by default to the size of the first image; converted to one grey channel with {@code grey}, by
     * default grey only when the images are.
     */
    static Dataset folder(String rest) {
        int at = rest.lastIndexOf('@');
        if (at < 0 || Files.isDirectory(Paths.get(rest))) return ImageFolderReader.load(Paths.get(rest), 0, 0, false);
        String opts = rest.substring(at + 1);
        java.util.regex.Matcher m = FOLDER_OPTIONS.matcher(opts);
        if (opts.isEmpty() || !m.matches() || opts.startsWith(",")) {
            throw new UsageException("folder:DIR takes @HxW, @grey or @HxW,grey after the directory, got '@" + opts + "'");
        }
        int h = 0, w = 0;
        if (m.group(1) != null) {
            try {
                h = Integer.parseInt(m.group(1));
                w = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                h = 0;
            }
            if (h <= 0 || w <= 0 || h > 4096 || w > 4096) {
                throw new UsageException("folder:DIR@HxW needs a size from 1x1 to 4096x4096, got '" + m.group(1) + "x" + m.group(2) + "'");
            }
        }
        return ImageFolderReader.load(Paths.get(rest.substring(0, at)), h, w, m.group(3) != null);
    }

    /**
     * The embedded demo dataset: small IDX subsets of MNIST shipped in the jar (500 test images, 1,000
     * training images for calibration; see demo/README.md in the resources).
     */
    static Dataset demo(IdxReader.Split split) {
        String prefix = split == IdxReader.Split.TEST ? "t10k" : "train";
        try (InputStream images = resource(DEMO + prefix + "-images-idx3-ubyte.gz");
             InputStream labels = resource(DEMO + prefix + "-labels-idx1-ubyte.gz")) {
            Path dir = Files.createTempDirectory("spikeflow-demo");
            try {
                Files.copy(images, dir.resolve(prefix + "-images-idx3-ubyte.gz"));
                Files.copy(labels, dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
                Dataset d = IdxReader.load(dir, split);
                return new Dataset("demo (embedded MNIST " + split.name().toLowerCase(java.util.Locale.ROOT) + " subset)",
                    d.shape(), d.samples(), d.labels(), d.classes());
            } finally {
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new DataException("cannot read the embedded demo dataset: " + e.getMessage(), e);
        }
    }

    /**
     * Spike trains from a NumPy archive: either {@code spikes} of shape (N, T, inputs) or (N, T, C, H, W) with
     * {@code labels} (N), or events as parallel arrays {@code sample}, {@code time}, {@code index} with
     * {@code labels}, {@code timesteps} and {@code inputs}. Run them with {@code --encoder spike-train}.
     */
    static Dataset spikeTrains(Path file) {
        java.util.Map<String, org.spikeflow.converter.io.NpyArray> a;
        try {
            a = org.spikeflow.converter.io.Npy.readNpz(file);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage());
        }
        var labels = a.get("labels");
        if (labels == null) throw new DataException(file + ": needs an array 'labels'");
        int n = labels.size();
        int[] y = labels.toInts();
        int classes = 0;
        for (int v : y) classes = Math.max(classes, v + 1);
        if (a.containsKey("spikes")) {
            var sp = a.get("spikes");
            int[] sh = sp.shape();
            if (sh.length != 3 && sh.length != 5 || sh[0] != n) {
                throw new DataException(file + ": 'spikes' must be (N, T, inputs) or (N, T, C, H, W) with N = " + n + ", got "
                    + java.util.Arrays.toString(sh));
            }
            Shape per = sh.length == 3 ? Shape.flat(sh[2]) : Shape.chw(sh[2], sh[3], sh[4]);
            int t = sh[1];
            float[] flat = sp.toFloats();
            float[][] x = new float[n][t * per.size()];
            for (int i = 0; i < n; i++) {
                for (int s = 0; s < t; s++) {
                    float[] step = java.util.Arrays.copyOfRange(flat, (i * t + s) * per.size(), (i * t + s + 1) * per.size());
                    System.arraycopy(sh.length == 3 ? step : Dataset.toHwc(step, per), 0, x[i], s * per.size(), per.size());
                }
            }
            return new Dataset("npz:" + file, per, x, y, Math.max(classes, 2));
        }
        if (a.containsKey("sample") && a.containsKey("time") && a.containsKey("index") && a.containsKey("timesteps") && a.containsKey("inputs")) {
            int t = (int) a.get("timesteps").data()[0];
            int inputs = (int) a.get("inputs").data()[0];
            int[] smp = a.get("sample").toInts(), tm = a.get("time").toInts(), ix = a.get("index").toInts();
            float[][] x = new float[n][t * inputs];
            for (int e = 0; e < smp.length; e++) {
                if (smp[e] < 0 || smp[e] >= n || tm[e] < 0 || tm[e] >= t || ix[e] < 0 || ix[e] >= inputs) {
                    throw new DataException(file + ": event " + e + " (sample " + smp[e] + ", time " + tm[e] + ", index " + ix[e] + ") is out of range");
                }
                x[smp[e]][tm[e] * inputs + ix[e]] += 1f;
            }
            return new Dataset("npz:" + file, Shape.flat(inputs), x, y, Math.max(classes, 2));
        }
        throw new DataException(file + ": needs 'spikes' (N, T, ...) or events 'sample', 'time', 'index', 'timesteps', 'inputs'");
    }

    /**
     * Spike trains as one {@code .npy} file per sample, of shape (T, inputs) or (T, C, H, W), in one
     * sub-folder per class (sorted by name = class index). Run them with {@code --encoder spike-train}.
     */
    static Dataset spikeTrainFolder(Path dir) {
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": not a directory");
        java.util.List<Path> classes;
        try (var s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list: " + e.getMessage(), e);
        }
        java.util.List<float[]> x = new java.util.ArrayList<>();
        java.util.List<Integer> y = new java.util.ArrayList<>();
        Shape per = null;
        int steps = -1;
        for (int c = 0; c < classes.size(); c++) {
            java.util.List<Path> files;
            try (var s = Files.list(classes.get(c))) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
            } catch (IOException e) {
                throw new DataException(classes.get(c) + ": cannot list: " + e.getMessage(), e);
            }
            for (Path f : files) {
                org.spikeflow.converter.io.NpyArray a;
                try {
                    a = org.spikeflow.converter.io.Npy.readNpy(f);
                } catch (IllegalArgumentException e) {
                    throw new DataException(e.getMessage());
                }
                int[] sh = a.shape();
                if (sh.length != 2 && sh.length != 4) throw new DataException(f + ": expected (T, inputs) or (T, C, H, W), got " + java.util.Arrays.toString(sh));
                Shape p = sh.length == 2 ? Shape.flat(sh[1]) : Shape.chw(sh[1], sh[2], sh[3]);
                if (per == null) {
                    per = p;
                    steps = sh[0];
                } else if (!per.equals(p) || steps != sh[0]) {
                    throw new DataException(f + ": shape " + java.util.Arrays.toString(sh) + " differs from the other samples");
                }
                float[] flat = a.toFloats();
                float[] hwc = new float[flat.length];
                for (int t = 0; t < steps; t++) {
                    float[] step = java.util.Arrays.copyOfRange(flat, t * p.size(), (t + 1) * p.size());
                    System.arraycopy(sh.length == 2 ? step : Dataset.toHwc(step, p), 0, hwc, t * p.size(), p.size());
                }
                x.add(hwc);
                y.add(c);
            }
        }
        if (x.isEmpty()) throw new DataException(dir + ": empty dataset (no .npy files in class sub-folders)");
        return new Dataset("npy:" + dir, per, x.toArray(new float[0][]), y.stream().mapToInt(Integer::intValue).toArray(),
            Math.max(2, classes.size()));
    }

    static InputStream resource(String name) {
        InputStream in = DataSpecs.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new DataException("embedded resource " + name + " is missing from this build");
        return in;
    }
}
