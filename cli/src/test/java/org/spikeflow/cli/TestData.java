package org.spikeflow.cli;

import org.spikeflow.training.Arch;
import org.spikeflow.training.LayerDef;
import org.spikeflow.training.OnnxExport;
import org.spikeflow.training.TrainedModel;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** Small IDX datasets and ONNX models made on the fly for command tests. */
final class TestData {
    private TestData() {
    }

    /** Writes {@code n} 28x28 images whose class k lights up row band k, as gzipped IDX (test and train). */
    static Path idx(Path dir, int n) throws IOException {
        Files.createDirectories(dir);
        SplittableRandom r = new SplittableRandom(1);
        byte[] images = new byte[n * 784];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int k = i % 10;
            labels[i] = (byte) k;
            for (int y = 0; y < 28; y++)
                for (int x = 0; x < 28; x++) {
                    boolean on = y / 3 == k && r.nextDouble() < 0.8;
                    images[i * 784 + y * 28 + x] = (byte) (on ? 200 + r.nextInt(55) : r.nextInt(20));
                }
        }
        for (String split : new String[] {"t10k", "train"}) {
            write(dir.resolve(split + "-images-idx3-ubyte.gz"), 0x803, new int[] {n, 28, 28}, images, images.length);
            write(dir.resolve(split + "-labels-idx1-ubyte.gz"), 0x801, new int[] {n}, labels, labels.length);
        }
        return dir;
    }

    static void write(Path f, int magic, int[] dims, byte[] data, int length) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(b))) {
            out.writeInt(magic);
            for (int d : dims) out.writeInt(d);
            out.write(data, 0, length);
        }
        Files.write(f, b.toByteArray());
    }

    /** An untrained but well-formed MLP or CNN as ONNX (random weights, seeded). */
    static Path model(Path file, Arch arch, long seed) throws IOException {
        List<LayerDef> plan = LayerDef.plan(arch, 1, 28, 28, 10, false);
        SplittableRandom r = new SplittableRandom(seed);
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        for (LayerDef l : plan) {
            if (l.kind() == LayerDef.Kind.CONV || l.kind() == LayerDef.Kind.DENSE) {
                int n = l.kind() == LayerDef.Kind.CONV ? l.in() * l.out() * l.kernel() * l.kernel() : l.in() * l.out();
                float[] a = new float[n];
                int fan = l.kind() == LayerDef.Kind.CONV ? l.in() * l.kernel() * l.kernel() : l.in();
                for (int i = 0; i < n; i++) a[i] = (float) ((r.nextDouble() - 0.45) * 2 / Math.sqrt(fan));
                w.add(a);
                b.add(l.bias() ? new float[l.out()] : null);
            }
        }
        OnnxExport.write(new TrainedModel("test", 1, 28, 28, 10, plan, w, b, 0, 0), file);
        return file;
    }
}
