package org.spikeflow.data.io;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Recorded spike trains from NumPy files, as datasets whose samples hold T timesteps of counts (run them with the
 * spike-train encoder): an {@code .npz} archive with {@code spikes} of shape (N, T, inputs) or (N, T, C, H, W) and
 * {@code labels} (N), or events as parallel arrays {@code sample}, {@code time}, {@code index} with
 * {@code labels}, {@code timesteps} and {@code inputs}; or a folder with one {@code .npy} of shape (T, inputs) or
 * (T, C, H, W) per sample in one sub-folder per class (sorted by name = class index).
 */
public final class SpikeTrainFiles {
    private SpikeTrainFiles() {
    }

    public static Dataset readNpz(Path file) {
        Map<String, NpyArray> a = Npy.readNpz(file);
        NpyArray labels = a.get("labels");
        if (labels == null) throw new DataException(file + ": needs an array 'labels'");
        if (labels.shape().length != 1) throw new DataException(file + ": 'labels' must be one-dimensional, got shape " + Arrays.toString(labels.shape()));
        int n = labels.size();
        if (n == 0) throw new DataException(file + ": 'labels' is empty (no samples)");
        int[] y = labels(labels, file);
        int classes = 0;
        for (int v : y) classes = Math.max(classes, v + 1);
        if (a.containsKey("spikes")) {
            NpyArray sp = a.get("spikes");
            int[] sh = sp.shape();
            if (sh.length != 3 && sh.length != 5 || sh[0] != n) {
                throw new DataException(file + ": 'spikes' must be (N, T, inputs) or (N, T, C, H, W) with N = " + n + ", got " + Arrays.toString(sh));
            }
            for (int d : sh) if (d <= 0) throw new DataException(file + ": 'spikes' has an empty dimension: " + Arrays.toString(sh));
            Shape per = sh.length == 3 ? Shape.flat(sh[2]) : Shape.chw(sh[2], sh[3], sh[4]);
            int t = sh[1];
            float[] flat = sp.toFloats();
            float[][] x = new float[n][];
            for (int i = 0; i < n; i++) {
                x[i] = new float[t * per.size()];
                for (int s = 0; s < t; s++) {
                    float[] step = Arrays.copyOfRange(flat, (i * t + s) * per.size(), (i * t + s + 1) * per.size());
                    System.arraycopy(sh.length == 3 ? step : Dataset.toHwc(step, per), 0, x[i], s * per.size(), per.size());
                }
            }
            return new Dataset("npz:" + file, per, x, y, Math.max(classes, 2));
        }
        if (a.containsKey("sample") && a.containsKey("time") && a.containsKey("index") && a.containsKey("timesteps") && a.containsKey("inputs")) {
            int t = scalar(a.get("timesteps"), "timesteps", file);
            int inputs = scalar(a.get("inputs"), "inputs", file);
            long cells = (long) n * t * inputs;
            if (cells * 4 > Npy.maxArrayBytes()) {
                throw new DataException(file + ": " + n + " samples x " + t + " timesteps x " + inputs + " inputs is more than the limit of "
                    + Npy.maxArrayBytes() + " bytes (raise it with -Dspikeflow.data.maxArrayBytes)");
            }
            int[] smp = a.get("sample").toInts(), tm = a.get("time").toInts(), ix = a.get("index").toInts();
            if (smp.length != tm.length || smp.length != ix.length) {
                throw new DataException(file + ": 'sample', 'time' and 'index' must have the same length, got " + smp.length + ", " + tm.length + ", " + ix.length);
            }
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

    private static int[] labels(NpyArray labels, Path file) {
        int[] y = labels.toInts();
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] != labels.data()[i]) throw new DataException(file + ": label " + i + " is not a class index (" + labels.data()[i] + ")");
        }
        return y;
    }

    private static int scalar(NpyArray a, String name, Path file) {
        if (a.size() != 1) throw new DataException(file + ": '" + name + "' must be a single number, got shape " + Arrays.toString(a.shape()));
        double v = a.data()[0];
        if (!(v >= 1 && v <= Integer.MAX_VALUE) || v != Math.rint(v)) throw new DataException(file + ": '" + name + "' must be a positive whole number, got " + v);
        return (int) v;
    }

    public static Dataset readNpyFolder(Path dir) {
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": not a directory");
        List<Path> classes;
        try (Stream<Path> s = Files.list(dir)) {
            classes = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new DataException(dir + ": cannot list: " + e.getMessage(), e);
        }
        List<float[]> x = new ArrayList<>();
        List<Integer> y = new ArrayList<>();
        Shape per = null;
        int steps = -1;
        for (int c = 0; c < classes.size(); c++) {
            List<Path> files;
            try (Stream<Path> s = Files.list(classes.get(c))) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".npy")).sorted().toList();
            } catch (IOException e) {
                throw new DataException(classes.get(c) + ": cannot list: " + e.getMessage(), e);
            }
            for (Path f : files) {
                NpyArray a = Npy.readNpy(f);
                int[] sh = a.shape();
                if (sh.length != 2 && sh.length != 4) throw new DataException(f + ": expected (T, inputs) or (T, C, H, W), got " + Arrays.toString(sh));
                for (int d : sh) if (d <= 0) throw new DataException(f + ": empty dimension in shape " + Arrays.toString(sh));
                Shape p = sh.length == 2 ? Shape.flat(sh[1]) : Shape.chw(sh[1], sh[2], sh[3]);
                if (per == null) {
                    per = p;
                    steps = sh[0];
                } else if (!per.equals(p) || steps != sh[0]) {
                    throw new DataException(f + ": shape " + Arrays.toString(sh) + " differs from the other samples");
                }
                float[] flat = a.toFloats();
                float[] hwc = new float[flat.length];
                for (int t = 0; t < steps; t++) {
                    float[] step = Arrays.copyOfRange(flat, t * p.size(), (t + 1) * p.size());
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
}
