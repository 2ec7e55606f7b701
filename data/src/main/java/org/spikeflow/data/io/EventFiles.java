package org.spikeflow.data.io;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Shape;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Event-camera recordings in a NumPy archive, binned into frames of spike counts as Tonic's
 * {@code ToFrame(sensor_size, n_time_bins=T)} bins them: per sample, with {@code t0} its first event's time and
 * {@code window = floor((t_last - t0) / T)}, bin {@code k} counts the events with
 * {@code t0 + k * window <= t < t0 + (k + 1) * window} at (polarity, y, x); events at or after {@code t0 + T * window}
 * fall in no bin, and a sample shorter than T time units (window 0) gives empty frames, as in Tonic.
 * <p>
 * Arrays: {@code x}, {@code y}, {@code t} (events of all samples, each sample's in time order), {@code p} (polarity
 * 0/1; -1/1 is read as 0/1), {@code labels} (N), and the sample boundaries as {@code sample} (per event, the sample
 * index, non-decreasing) or {@code offsets} (N + 1 event indices, or N starts). Optional: {@code sensor_size}
 * (W, H[, P], Tonic's order; else the largest x and y plus one), {@code timesteps} (T, when the specification does not
 * give {@code @T}). Samples have shape (2, H, W), run with the spike-train encoder for T timesteps.
 */
public final class EventFiles {
    private EventFiles() {
    }

    public static Dataset readNpz(Path file, int bins) {
        final Map<String, NpyArray> a = Npy.readNpz(file);
        for (String k : new String[] {"x", "y", "t", "p", "labels"}) {
            if (!a.containsKey(k)) throw new DataException(file + ": an event file needs arrays x, y, t, p and labels; '" + k + "' is missing");
        }
        final int[] labels = a.get("labels").toInts();
        final int n = labels.length;
        if (n == 0) throw new DataException(file + ": 'labels' is empty (no samples)");
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] != a.get("labels").data()[i]) throw new DataException(file + ": label " + i + " is not a class index");
        }
        final double[] t = a.get("t").data();
        final int[] x = a.get("x").toInts(), y = a.get("y").toInts(), p = a.get("p").toInts();
        final int events = t.length;
        if (x.length != events || y.length != events || p.length != events) {
            throw new DataException(file + ": 'x', 'y', 't' and 'p' must have the same length, got " + x.length + ", " + y.length + ", " + events + ", " + p.length);
        }
        int timesteps = bins;
        if (timesteps <= 0) {
            NpyArray ts = a.get("timesteps");
            if (ts == null) throw new DataException(file + ": give the number of time bins as events:FILE@T or as an array 'timesteps'");
            double v = ts.size() == 1 ? ts.data()[0] : -1;
            if (!(v >= 1 && v <= 1_000_000) || v != Math.rint(v)) throw new DataException(file + ": 'timesteps' must be one whole number from 1 to 1000000");
            timesteps = (int) v;
        }
        int width = 0, height = 0;
        final NpyArray sensor = a.get("sensor_size");
        if (sensor != null) {
            if (sensor.size() < 2 || sensor.size() > 3) throw new DataException(file + ": 'sensor_size' must be (W, H) or (W, H, P), got shape " + Arrays.toString(sensor.shape()));
            width = (int) sensor.data()[0];
            height = (int) sensor.data()[1];
            if (width < 1 || height < 1 || width > 4096 || height > 4096) throw new DataException(file + ": 'sensor_size' " + width + "x" + height + " is outside 1..4096");
        } else {
            for (int e = 0; e < events; e++) {
                width = Math.max(width, x[e] + 1);
                height = Math.max(height, y[e] + 1);
            }
            if (width < 1 || height < 1 || width > 4096 || height > 4096) throw new DataException(file + ": the events span " + width + "x" + height + " pixels, outside 1..4096; give 'sensor_size'");
        }
        final int[] start = boundaries(a, file, n, events);
        final int frame = 2 * height * width;
        final long cells = (long) n * timesteps * frame;
        if (cells * 4 > Npy.maxArrayBytes()) {
            throw new DataException(file + ": " + n + " samples x " + timesteps + " bins x 2x" + height + "x" + width + " is more than the limit of "
                + Npy.maxArrayBytes() + " bytes (raise it with -Dspikeflow.data.maxArrayBytes)");
        }
        final float[][] samples = new float[n][];
        int classes = 2;
        for (int s = 0; s < n; s++) {
            classes = Math.max(classes, labels[s] + 1);
            final float[] out = new float[timesteps * frame];
            final int from = start[s], to = start[s + 1];
            if (to > from) {
                final double t0 = t[from];
                final double window = Math.floor((t[to - 1] - t0) / timesteps);
                for (int e = from; e < to; e++) {
                    if (e > from && t[e] < t[e - 1]) throw new DataException(file + ": sample " + s + ": events are not in time order at event " + e);
                    if (x[e] < 0 || x[e] >= width || y[e] < 0 || y[e] >= height) {
                        throw new DataException(file + ": event " + e + " at (" + x[e] + ", " + y[e] + ") is outside the " + width + "x" + height + " sensor");
                    }
                    if (p[e] != 0 && p[e] != 1 && p[e] != -1) throw new DataException(file + ": event " + e + " has polarity " + p[e] + " (expected 0/1 or -1/1)");
                    if (window <= 0) continue;
                    final double k = Math.floor((t[e] - t0) / window);
                    if (k >= timesteps) continue;
                    final int polarity = p[e] > 0 ? 1 : 0;
                    // Samples are channels-last per timestep: (y, x, polarity).
                    out[(int) k * frame + (y[e] * width + x[e]) * 2 + polarity] += 1f;
                }
            }
            samples[s] = out;
        }
        return new Dataset("events:" + file, Shape.chw(2, height, width), samples, labels, classes);
    }

    /** Index of each sample's first event, plus the end: from 'offsets' (N or N + 1 entries) or per-event 'sample'. */
    private static int[] boundaries(Map<String, NpyArray> a, Path file, int n, int events) {
        final int[] start = new int[n + 1];
        if (a.containsKey("offsets")) {
            final int[] o = a.get("offsets").toInts();
            if (o.length != n && o.length != n + 1) throw new DataException(file + ": 'offsets' must hold N or N + 1 event indices for N = " + n + " samples, got " + o.length);
            System.arraycopy(o, 0, start, 0, o.length);
            if (o.length == n) start[n] = events;
            for (int s = 0; s < n; s++) {
                if (start[s] < 0 || start[s] > start[s + 1] || start[s + 1] > events) throw new DataException(file + ": 'offsets' must rise from 0 to " + events + ", got " + start[s] + " then " + start[s + 1] + " at sample " + s);
            }
            if (start[n] != events) throw new DataException(file + ": 'offsets' ends at " + start[n] + " but there are " + events + " events");
            return start;
        }
        if (a.containsKey("sample")) {
            final int[] smp = a.get("sample").toInts();
            if (smp.length != events) throw new DataException(file + ": 'sample' must give one sample index per event, got " + smp.length + " for " + events + " events");
            int s = 0;
            for (int e = 0; e < events; e++) {
                if (smp[e] < s || smp[e] >= n) throw new DataException(file + ": 'sample' must be non-decreasing sample indices below " + n + ", got " + smp[e] + " at event " + e);
                while (s < smp[e]) start[++s] = e;
            }
            while (s < n) start[++s] = events;
            return start;
        }
        if (n == 1) {
            start[1] = events;
            return start;
        }
        throw new DataException(file + ": " + n + " samples need their boundaries: an array 'offsets' or a per-event 'sample'");
    }
}
