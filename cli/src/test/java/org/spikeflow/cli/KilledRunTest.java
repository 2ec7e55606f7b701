package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.io.AtomicFiles;
import org.spikeflow.record.SpikeRasterReader;
import org.spikeflow.training.Arch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Runs killed with SIGKILL in a real child JVM: recordings stay readable, outputs are never partial. */
class KilledRunTest {

    /** A child JVM running {@code main} with the test class path and the simulator's JVM flags. */
    static Process child(Path dir, String main, String... args) throws IOException {
        List<String> argv = new ArrayList<>();
        argv.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        argv.add("-Xmx1g");
        String flags = System.getProperty("spikeflow.jvm.flags", "");
        for (String f : flags.trim().split("\\s+")) if (!f.isEmpty()) argv.add(f);
        argv.add("-Djava.awt.headless=true");
        argv.add("-cp");
        argv.add(System.getProperty("java.class.path"));
        argv.add(main);
        argv.addAll(List.of(args));
        return new ProcessBuilder(argv).directory(dir.toFile()).redirectErrorStream(true)
            .redirectOutput(dir.resolve("child-" + System.nanoTime() + ".log").toFile()).start();
    }

    /** Waits until {@code ready} holds (or the child ends), lets it run {@code ms} more, then sends SIGKILL. */
    static boolean killWhen(Process p, java.util.function.BooleanSupplier ready, long ms) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!ready.getAsBoolean() && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        Thread.sleep(ms);
        boolean alive = p.isAlive();
        p.destroyForcibly(); // SIGKILL on Linux and macOS: no shutdown hook runs
        p.waitFor(30, TimeUnit.SECONDS);
        return alive;
    }

    private static boolean hasQueueFile(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".cq4"));
        } catch (IOException e) {
            return false;
        }
    }

    private static long key(SpikeRasterReader.Row r) {
        return ((long) r.sample() << 32) | r.timestep();
    }

    @Test
    void recordingKilledMidRunIsExportedUpToItsLastCompleteTimestepSpikeForSpike(@TempDir Path dir) throws Exception {
        Path model = TestData.model(dir.resolve("mlp.onnx"), Arch.MLP, 7);
        Path data = TestData.idx(dir.resolve("idx"), 2000);
        Path net = dir.resolve("net.snn");
        Cli c = Cli.run("convert", model.toString(), "-o", net.toString(), "--calibration", "idx:" + data, "--calibration-limit", "64");
        assertEquals(0, c.code, c.toString());
        Path rec = dir.resolve("rec");
        // 2000 samples of 1000 timesteps take the child about 50 s, so the kill 2.5 s after its first write lands mid-run
        // even on a much faster machine (at 100 timesteps some runs came within 10% of finishing)
        Process p = child(dir, Main.class.getName(), "simulate", net.toString(), "--data", "idx:" + data, "--first", "2000",
            "--timesteps", "1000", "--checkpoints", "1000", "--encoder", "poisson", "--threads", "2", "--record", rec.toString());
        assertTrue(killWhen(p, () -> hasQueueFile(rec), 2500), "the child was still running when it was killed");

        Path csv = dir.resolve("killed.csv");
        Cli r = Cli.run("raster", rec.toString(), "-o", csv.toString());
        assertEquals(0, r.code, r.toString());
        SpikeRasterReader.Recording killed = SpikeRasterReader.readRecording(rec);
        assertFalse(killed.rows().isEmpty(), "the killed run recorded spikes");
        assertEquals(killed.rows().size() + 1, Files.readAllLines(csv).size(), "the CSV holds the complete rows and a header");
        assertTrue(killed.rows().get(killed.rows().size() - 1).sample() < 1999, "killed before the last sample");

        // the same samples run to completion: the killed recording is exactly its prefix up to the cut
        int lastSample = killed.truncated() ? killed.firstIncompleteSample() : killed.rows().get(killed.rows().size() - 1).sample();
        Path ref = dir.resolve("ref");
        Cli full = Cli.run("simulate", net.toString(), "--data", "idx:" + data, "--first", Integer.toString(lastSample + 1),
            "--timesteps", "1000", "--checkpoints", "1000", "--encoder", "poisson", "--threads", "2", "--record", ref.toString());
        assertEquals(0, full.code, full.toString());
        long cut = killed.truncated() ? ((long) killed.firstIncompleteSample() << 32) | killed.firstIncompleteTimestep()
            : key(killed.rows().get(killed.rows().size() - 1)) + 1;
        List<SpikeRasterReader.Row> expected = new ArrayList<>();
        for (SpikeRasterReader.Row row : SpikeRasterReader.read(ref)) if (key(row) < cut) expected.add(row);
        assertEquals(expected, killed.rows());
    }

    /** Writes half of its output through {@link AtomicFiles}, then waits to be killed. */
    public static final class HalfWriter {
        public static void main(String[] args) throws Exception {
            AtomicFiles.write(Paths.get(args[0]), out -> {
                out.write(new byte[1 << 20]);
                out.flush();
                Files.writeString(Paths.get(args[0] + ".started"), "yes");
                while (true) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
    }

    private static List<String> temporaries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
        }
    }

    @Test
    void writeKilledHalfWayLeavesNoTargetAndTheNextWriteRemovesItsTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("out.bin");
        Process p = child(dir, HalfWriter.class.getName(), target.toString());
        assertTrue(killWhen(p, () -> Files.exists(dir.resolve("out.bin.started")), 100));
        assertFalse(Files.exists(target), "no partial output at the target");
        List<String> left = temporaries(dir);
        assertEquals(1, left.size(), "the killed write's hidden temporary file: " + left);
        assertTrue(left.get(0).startsWith(".out.bin." + p.pid() + "."), left.toString());
        AtomicFiles.writeString(target, "complete");
        assertEquals("complete", Files.readString(target));
        assertEquals(List.of(), temporaries(dir), "the stale temporary file of the dead process is gone");
    }

    @Test
    void exportKilledWhileWritingLeavesNoNirFileAndTheNextExportCompletesIt(@TempDir Path dir) throws Exception {
        // 4,000 x 4,000 weights (64 MB as float32): the HDF5 write takes long enough to be caught under way
        int n = 4000;
        org.spikeflow.graph.Population in = org.spikeflow.graph.Population.input("in", org.spikeflow.graph.Shape.flat(n));
        org.spikeflow.graph.Population hidden = org.spikeflow.graph.Population.spiking("hidden", org.spikeflow.graph.Shape.flat(n),
            org.spikeflow.graph.NeuronParams.IF_SOFT);
        org.spikeflow.graph.Population out = org.spikeflow.graph.Population.spiking("out", org.spikeflow.graph.Shape.flat(10),
            org.spikeflow.graph.NeuronParams.IF_SOFT);
        float[] w = new float[n * n];
        for (int i = 0; i < w.length; i++) w[i] = (i % 13 - 6) * 0.01f;
        org.spikeflow.graph.Network net = org.spikeflow.graph.Network.builder("wide").add(in).add(hidden).add(out)
            .connect(new org.spikeflow.graph.DenseProjection("w1", in, hidden, w))
            .connect(new org.spikeflow.graph.DenseProjection("w2", hidden, out, new float[n * 10])).output(out).build();
        Path snn = dir.resolve("wide.snn");
        org.spikeflow.graph.io.NetworkFile.write(net, snn);
        Path work = Files.createDirectories(dir.resolve("export"));
        Path nir = work.resolve("wide.nir");
        Process p = child(work, Main.class.getName(), "export", snn.toString(), "-o", nir.toString());
        assertTrue(killWhen(p, () -> {
            try {
                return !temporaries(work).isEmpty();
            } catch (IOException e) {
                return false;
            }
        }, 0), "export still writing when killed");
        assertFalse(Files.exists(nir), "no partial NIR file");
        List<String> left = temporaries(work);
        assertEquals(1, left.size(), left.toString());
        assertTrue(left.get(0).startsWith(".wide.nir." + p.pid() + "."), "the dead run's hidden temporary file: " + left);

        Cli again = Cli.run("export", snn.toString(), "-o", nir.toString());
        assertEquals(0, again.code, again.toString());
        assertEquals(List.of(), temporaries(work), "the next export removed the dead run's temporary file");
        org.spikeflow.graph.Network back = org.spikeflow.converter.nir.NirImporter.load(nir,
            org.spikeflow.converter.nir.NirImporter.Options.defaults());
        assertEquals(net.neurons(), back.neurons(), "the complete file imports");
    }

    @Test
    void convertTrainAndFineTuneKilledMidRunLeaveNoOutput(@TempDir Path dir) throws Exception {
        Path data = TestData.idx(dir.resolve("idx"), 3000);
        Path model = TestData.model(dir.resolve("mlp.onnx"), Arch.MLP, 3);
        String[][] runs = {
            {"convert", model.toString(), "-o", "out.snn", "--calibration", "idx:" + data, "--norm", "balancing"},
            {"train", "--data", "idx:" + data, "--arch", "mlp", "--epochs", "200", "-o", "out.onnx"},
            {"fine-tune", model.toString(), "--data", "idx:" + data, "--timesteps", "16", "--epochs", "200", "-o", "tuned.onnx"}};
        for (String[] run : runs) {
            Path work = Files.createDirectories(dir.resolve(run[0]));
            Process p = child(work, Main.class.getName(), run);
            long start = System.nanoTime();
            assertTrue(killWhen(p, () -> System.nanoTime() - start > TimeUnit.SECONDS.toNanos(4), 0), run[0] + " still running when killed");
            try (Stream<Path> s = Files.list(work)) {
                List<String> files = s.map(f -> f.getFileName().toString()).filter(n -> !n.startsWith("child-")).toList();
                assertEquals(List.of(), files.stream().filter(n -> !n.endsWith(".tmp")).toList(), run[0] + " left output");
            }
        }
    }
}
