package org.spikeflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.spec.DataLoader;
import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.data.spec.DataSpecException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spike trains from NumPy files and receptive-field encoding, through train-snn and simulate. */
class SpikeFileDataTest {

    static byte[] npy(String dtype, int[] shape, ByteBuffer data) {
        StringBuilder sh = new StringBuilder();
        for (int d : shape) sh.append(d).append(", ");
        String header = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (" + sh + "), }";
        int total = 10 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x93);
        b.writeBytes("NUMPY".getBytes(StandardCharsets.ISO_8859_1));
        b.write(1);
        b.write(0);
        b.write(header.length() & 0xff);
        b.write(header.length() >> 8);
        b.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        b.writeBytes(data.array());
        return b.toByteArray();
    }

    static void npz(Path f, Map<String, byte[]> arrays) throws Exception {
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
            for (var e : arrays.entrySet()) {
                z.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void trainsOnRecordedSpikeTrainsAndSimulatesThemIdentically(@TempDir Path dir) throws Exception {
        int n = 60, t = 8, in = 12;
        SplittableRandom r = new SplittableRandom(3);
        ByteBuffer spikes = ByteBuffer.allocate(n * t * in).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer labels = ByteBuffer.allocate(n * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < n; s++) {
            int y = s % 2;
            labels.putLong(y);
            for (int k = 0; k < t * in; k++) spikes.put((byte) (r.nextDouble() < ((k % in) / 6 == y ? 0.5 : 0.05) ? 1 : 0));
        }
        Path f = dir.resolve("trains.npz");
        npz(f, Map.of("spikes", npy("|u1", new int[] {n, t, in}, spikes), "labels", npy("<i8", new int[] {n}, labels)));
        Path net = dir.resolve("s.snn");
        Cli tr = Cli.run("train-snn", "--data", "npz:" + f, "--test", "npz:" + f, "--encoder", "spike-train", "--timesteps", "8",
            "--hidden", "16", "--epochs", "10", "--batch", "8", "--lr", "0.005", "-o", net.toString());
        assertEquals(0, tr.code, tr.toString());
        String last = tr.out.substring(tr.out.lastIndexOf("test accuracy ") + 14);
        double trained = Double.parseDouble(last.substring(0, last.indexOf('%'))) / 100;
        Cli s = Cli.run("simulate", net.toString(), "--data", "npz:" + f, "--encoder", "spike-train", "--timesteps", "8",
            "--report", dir.resolve("r.json").toString());
        assertEquals(0, s.code, s.toString());
        Map<String, Object> rep = new ObjectMapper().readValue(dir.resolve("r.json").toFile(), Map.class);
        // the training log prints percentages with two decimals
        assertEquals(trained, ((Number) ((Map<String, Object>) rep.get("accuracy")).get("8")).doubleValue(), 5e-5);
        assertTrue(trained > 0.8, tr.out);
    }

    @Test
    void readsEventsAsTimeIndexPairs(@TempDir Path dir) throws Exception {
        ByteBuffer smp = ByteBuffer.allocate(3 * 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(0).putLong(1);
        ByteBuffer tm = ByteBuffer.allocate(3 * 8).order(ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(2).putLong(1);
        ByteBuffer ix = ByteBuffer.allocate(3 * 8).order(ByteOrder.LITTLE_ENDIAN).putLong(3).putLong(1).putLong(0);
        ByteBuffer lab = ByteBuffer.allocate(2 * 8).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(0);
        Path f = dir.resolve("events.npz");
        npz(f, Map.of("sample", npy("<i8", new int[] {3}, smp), "time", npy("<i8", new int[] {3}, tm),
            "index", npy("<i8", new int[] {3}, ix), "labels", npy("<i8", new int[] {2}, lab),
            "timesteps", npy("<i8", new int[] {}, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(3)),
            "inputs", npy("<i8", new int[] {}, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(4))));
        var d = DataLoader.whole(DataSpec.parse("npz:" + f));
        assertEquals(2, d.size());
        assertEquals(12, d.samples()[0].length);
        assertEquals(1f, d.samples()[0][0 * 4 + 3]);
        assertEquals(1f, d.samples()[0][2 * 4 + 1]);
        assertEquals(1f, d.samples()[1][1 * 4]);
    }

    @Test
    void readsOneNpyFilePerSampleFromClassFolders(@TempDir Path dir) throws Exception {
        for (int c = 0; c < 2; c++) {
            Files.createDirectories(dir.resolve("class" + c));
            for (int i = 0; i < 3; i++) {
                ByteBuffer b = ByteBuffer.allocate(4 * 5 * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (int k = 0; k < 20; k++) b.putFloat(k == (c * 5 + i) ? 1f : 0f);
                Files.write(dir.resolve("class" + c).resolve(i + ".npy"), npy("<f4", new int[] {4, 5}, b));
            }
        }
        var d = DataLoader.whole(DataSpec.parse("npy:" + dir));
        assertEquals(6, d.size());
        assertEquals(5, d.shape().size());
        assertEquals(20, d.samples()[0].length);
        assertEquals(1, d.labels()[3]);
        assertEquals(1f, d.samples()[4][6]);
    }

    @Test
    void trainsWithReceptiveFieldEncoding(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("data"), 60);
        Cli tr = Cli.run("train-snn", "--data", "idx:" + data, "--test", "idx:" + data, "--encoder", "receptive-field", "--fields", "3",
            "--timesteps", "6", "--hidden", "16", "--epochs", "2", "-o", dir.resolve("rf.snn").toString());
        assertEquals(0, tr.code, tr.toString());
        assertTrue(tr.out.contains("2352-16-10"), "784 pixels x 3 fields: " + tr.out);
        Cli s = Cli.run("simulate", dir.resolve("rf.snn").toString(), "--data", "idx:" + data, "--encoder", "receptive-field",
            "--fields", "3", "--timesteps", "6");
        assertEquals(0, s.code, s.toString());
    }
}
