package org.spikeflow.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.io.NetworkFile;
import org.spikeflow.report.ReportJson;
import org.spikeflow.report.SegmentationScores;
import org.spikeflow.report.SimulationReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code evaluate} and {@code simulate} on segmentation data written by the test. */
class SegmentationCommandTest {
    /**
     * 8x8 scenes: background 0.1 with a 3x3 object of class 1 (value 1.0) and one of class 2 (value 0.6), placed by
     * the scene's index; masks say exactly where.
     */
    private static Path data(Path dir) throws Exception {
        return data(dir, 6);
    }

    /** {@link #data(Path)} with {@code n} scenes in each file (the layouts repeat every ten). */
    private static Path data(Path dir, int n) throws Exception {
        for (String prefix : new String[] {"train", "t10k"}) {
            byte[] img = new byte[n * 64], mask = new byte[n * 64];
            for (int s = 0; s < n; s++) {
                for (int p = 0; p < 64; p++) img[s * 64 + p] = (byte) Math.round(0.1 * 255);
                for (int k = 0; k < 2; k++) {
                    int y0 = (s + 4 * k) % 5, x0 = k * 4 + s % 2;
                    for (int y = y0; y < y0 + 3; y++)
                        for (int x = x0; x < Math.min(8, x0 + 3); x++) {
                            img[s * 64 + y * 8 + x] = (byte) Math.round((k == 0 ? 1.0 : 0.6) * 255);
                            mask[s * 64 + y * 8 + x] = (byte) (k == 0 ? 1 : 2);
                        }
                }
            }
            TestData.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 0x803, new int[] {n, 8, 8}, img, img.length);
            TestData.write(dir.resolve(prefix + "-masks-idx3-ubyte.gz"), 0x803, new int[] {n, 8, 8}, mask, mask.length);
        }
        return dir;
    }

    /**
     * A per-pixel head of three integrating channels: scores {@code -4x + 1.4}, {@code 4x - 3.2} and 0 pick the
     * background below x = 0.35, class 2 between 0.35 and 0.8, class 1 above: every pixel of the scenes right.
     */
    private static Path network(Path file, int side) throws Exception {
        Population in = Population.input("in", Shape.chw(1, side, side));
        Population out = Population.spiking("head", Shape.chw(3, side, side), NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY),
            new float[] {1.4f, -3.2f, 0f});
        Network net = Network.builder("seg").add(in).add(out)
            .connect(new ConvProjection("k", in, out, 1, 1, 0, new float[] {-4f, 4f, 0f})).output(out).build();
        NetworkFile.write(net, file);
        return file;
    }

    @Test
    void evaluateAndBothEnginesScoreEveryPixelOfAPerfectHead(@TempDir Path dir) throws Exception {
        Path data = data(Files.createDirectory(dir.resolve("seg")));
        Path net = network(dir.resolve("seg.snn"), 8);
        Cli ann = Cli.run("evaluate", net.toString(), "--data", "seg:" + data, "--report", dir.resolve("ann.json").toString());
        assertEquals(0, ann.code, ann.toString());
        assertTrue(ann.out.contains("ANN          1.0000     1.0000       1.0000     1.0000"), ann.out);
        for (String engine : new String[] {"event", "dense"}) {
            Path report = dir.resolve(engine + ".json");
            Cli sim = Cli.run("simulate", net.toString(), "--data", "seg:" + data, "--timesteps", "4", "--checkpoints", "1,4",
                "--engine", engine, "--report", report.toString(), "--html", dir.resolve(engine + ".html").toString());
            assertEquals(0, sim.code, sim.toString());
            SimulationReport r = ReportJson.readSimulation(report);
            assertEquals(2, r.segmentation().size());
            for (SegmentationScores s : r.segmentation().values()) {
                assertEquals(1.0, s.pixelAccuracy(), 0);
                assertEquals(1.0, s.meanIou(), 0);
                assertEquals(1.0, s.foregroundJaccard(), 0);
                assertEquals(3, s.classIou().size());
            }
            assertEquals(1.0, r.annSegmentation().foregroundF1(), 0);
            assertTrue(sim.out.contains("T=4"), sim.out);
            assertTrue(Files.readString(dir.resolve(engine + ".html")).contains("SNN T=4"), "the mask images are described");
        }
    }

    /** {@code train --arch unet} on seg: data: the scores it prints for the test part are those evaluate gives its file. */
    @Test
    void trainedUnetScoresItsTestPartAsEvaluateScoresTheWrittenModel(@TempDir Path dir) throws Exception {
        Path data = data(Files.createDirectory(dir.resolve("seg")));
        Path model = dir.resolve("unet.onnx");
        Cli t = Cli.run("train", "--arch", "unet", "--data", "seg:" + data, "--epochs", "2", "--batch", "2", "--lr", "0.01",
            "--validation-fraction", "0.2", "--seed", "3", "-o", model.toString());
        assertEquals(0, t.code, t.toString());
        assertTrue(t.out.contains("epoch 2: loss") && t.out.contains("validation mean IoU"), t.out);
        assertTrue(t.out.contains("test segmentation on 6 samples"), t.out);
        Cli e = Cli.run("evaluate", model.toString(), "--data", "seg:" + data);
        assertEquals(0, e.code, e.toString());
        String row = e.out.lines().filter(l -> l.matches("ANN\\s+[0-9].*")).findFirst().orElseThrow();
        assertTrue(t.out.lines().anyMatch(row::equals), "train printed\n" + t.out + "\nevaluate printed " + row);
        String iou = e.out.lines().filter(l -> l.startsWith("IoU per class")).findFirst().orElseThrow();
        assertTrue(t.out.lines().anyMatch(iou::equals), t.out);
        Cli c = Cli.run("convert", model.toString(), "-o", dir.resolve("unet.snn").toString(), "--calibration", "seg:" + data,
            "--max-pool", "running-max");
        assertEquals(0, c.code, c.toString());
        Cli s = Cli.run("simulate", dir.resolve("unet.snn").toString(), "--data", "seg:" + data, "--timesteps", "4");
        assertEquals(0, s.code, s.toString());
        assertTrue(s.out.contains("T=4"), s.out);
    }

    /** {@code train --arch unet --qcfs L}: learned ceilings exported as Clip, thresholds of the conversion with --norm cap. */
    @Test
    void qcfsTrainedUnetConvertsWithItsOwnCeilings(@TempDir Path dir) throws Exception {
        Path data = data(Files.createDirectory(dir.resolve("seg")), 60);
        Path model = dir.resolve("unet.onnx");
        Cli t = Cli.run("train", "--arch", "unet", "--data", "seg:" + data, "--epochs", "8", "--batch", "4", "--lr", "0.01",
            "--qcfs", "4", "--validation-fraction", "0.2", "--seed", "3", "-o", model.toString());
        assertEquals(0, t.code, t.toString());
        org.spikeflow.training.TrainedModel m = org.spikeflow.training.ModelReader.read(model);
        assertEquals(12, m.caps().size(), "a ceiling per ReLU: ten convolutions and two transposed convolutions");
        var ops = org.spikeflow.training.OnnxExport.toProto(m).getGraph().getNodeList().stream().map(n -> n.getOpType()).distinct()
            .sorted().toList();
        assertEquals(List.of("Clip", "Concat", "Conv", "ConvTranspose", "MaxPool"), ops);
        Path snn = dir.resolve("unet.snn"), report = dir.resolve("r.json");
        Cli c = Cli.run("convert", model.toString(), "-o", snn.toString(), "--norm", "cap", "--max-pool", "running-max",
            "--calibration", "seg:" + data);
        assertEquals(0, c.code, c.toString());
        assertTrue(c.out.contains(String.format(java.util.Locale.ROOT, "conv0=%.3f", m.caps().get(0))), c.out);
        Cli s = Cli.run("simulate", snn.toString(), "--data", "seg:" + data, "--timesteps", "16", "--checkpoints", "4,16",
            "--report", report.toString());
        assertEquals(0, s.code, s.toString());
        SimulationReport r = ReportJson.readSimulation(report);
        SegmentationScores ann = r.annSegmentation(), snn16 = r.segmentation().get(16);
        // Background everywhere scores a mean IoU of 0.24 here; the quantized activations pass the objects through.
        assertTrue(ann.meanIou() > 0.9, "the QCFS UNet learned the objects: " + ann);
        Cli e = Cli.run("evaluate", model.toString(), "--data", "seg:" + data, "--report", dir.resolve("e.json").toString());
        assertEquals(0, e.code, e.toString());
        assertEquals(ReportJson.read(dir.resolve("e.json"), org.spikeflow.report.EvaluationReport.class, "evaluation").segmentation(),
            ann, "the converted network's rate-limit reading keeps the ceilings: it is the exported (clipped) ANN");
        assertEquals(ann.meanIou(), snn16.meanIou(), 0.05, "T=16 (4 x L) against the clipped ANN: " + snn16 + " vs " + ann);
    }

    @Test
    void unetAndClassificationDataDoNotMix(@TempDir Path dir) throws Exception {
        Path data = data(Files.createDirectory(dir.resolve("seg")));
        Cli cnn = Cli.run("train", "--arch", "cnn", "--data", "seg:" + data, "-o", dir.resolve("c.onnx").toString());
        assertEquals(ExitCodes.USAGE, cnn.code, cnn.toString());
        assertTrue(cnn.err.contains("--arch unet"), cnn.err);
        Cli aug = Cli.run("train", "--arch", "unet", "--data", "seg:" + data, "--dihedral", "-o", dir.resolve("u.onnx").toString());
        assertEquals(ExitCodes.USAGE, aug.code, aug.toString());
        Cli drop = Cli.run("train", "--arch", "unet", "--data", "seg:" + data, "--dropout", "0.2", "-o", dir.resolve("u.onnx").toString());
        assertEquals(ExitCodes.USAGE, drop.code, drop.toString());
        assertTrue(drop.err.contains("unet"), drop.err);
        Cli idx = Cli.run("train", "--arch", "unet", "--data", "demo", "-o", dir.resolve("u.onnx").toString());
        assertEquals(ExitCodes.USAGE, idx.code, idx.toString());
        assertTrue(idx.err.contains("needs segmentation data"), idx.err);
    }

    /** {@code n} scenes of {@code side x side}: a smooth field with a bright square (class 1) and a grey one (class 2). */
    private static Path scenes(Path dir, int side, int n) throws Exception {
        for (String prefix : new String[] {"train", "t10k"}) {
            int px = side * side;
            byte[] img = new byte[n * px], mask = new byte[n * px];
            for (int s = 0; s < n; s++) {
                for (int y = 0; y < side; y++)
                    for (int x = 0; x < side; x++) img[s * px + y * side + x] = (byte) (20 + (7 * x + 5 * y + 13 * s) % 60);
                for (int k = 0; k < 2; k++) {
                    int y0 = (5 * s + 11 * k) % (side - 6), x0 = (3 * s + 17 * k) % (side - 6);
                    for (int y = y0; y < y0 + 6; y++)
                        for (int x = x0; x < x0 + 6; x++) {
                            img[s * px + y * side + x] = (byte) (k == 0 ? 250 : 160);
                            mask[s * px + y * side + x] = (byte) (k + 1);
                        }
                }
            }
            TestData.write(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 0x803, new int[] {n, side, side}, img, img.length);
            TestData.write(dir.resolve(prefix + "-masks-idx3-ubyte.gz"), 0x803, new int[] {n, side, side}, mask, mask.length);
        }
        return dir;
    }

    /**
     * A small UNet at {@code side x side}: a 3x3 encoder, 2x2 max pooling, a 3x3 bottleneck, nearest upsampling
     * and a 3x3 head over the upsampled and the skip features; fixed pseudo-random weights.
     */
    private static Network unet(int side) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        NeuronParams p = NeuronParams.integrateAndFire(1f);
        Population in = Population.input("in", Shape.chw(1, side, side));
        Population e = Population.spiking("e", Shape.chw(3, side, side), p, new float[] {0.05f, -0.1f, 0f});
        Population down = Population.maxPool("down", Shape.chw(3, side / 2, side / 2));
        Population b = Population.spiking("b", Shape.chw(3, side / 2, side / 2), p);
        Population up = Population.spiking("up", Shape.chw(3, side, side), p);
        Population head = Population.spiking("head", Shape.chw(3, side, side), NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY));
        return Network.builder("tiny-unet").add(in).add(e).add(down).add(b).add(up).add(head)
            .connect(new ConvProjection("ce", in, e, 3, 1, 1, random(r, 9 * 3)))
            .connect(new org.spikeflow.graph.MaxPoolProjection("pool", e, down, org.spikeflow.graph.PoolProjection.window(2, 2, 2, 2, 0, 0), 0,
                org.spikeflow.graph.MaxPoolProjection.Rule.RUNNING_MAX))
            .connect(new ConvProjection("cb", down, b, 3, 1, 1, random(r, 9 * 9)))
            .connect(org.spikeflow.graph.ConvTransposeProjection.nearestUpsampling("near", b, up, 2, 2))
            .connect(new ConvProjection("h-up", up, head, 3, 1, 1, random(r, 9 * 9)))
            .connect(new ConvProjection("h-skip", e, head, 3, 1, 1, random(r, 9 * 9)))
            .output(head).build();
    }

    private static float[] random(java.util.SplittableRandom r, int n) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) (r.nextDouble() - 0.4);
        return w;
    }

    @Test
    void tiledRunsScoreLikeTheWholeSceneOnBothEnginesAndTheReportShowsMasksAndPlots(@TempDir Path dir) throws Exception {
        Path data = scenes(Files.createDirectory(dir.resolve("seg")), 32, 3);
        Path small = dir.resolve("unet16.snn"), whole = dir.resolve("unet32.snn");
        NetworkFile.write(unet(16), small);
        NetworkFile.write(unet(32), whole);
        // The ANN: the network converted at 32x32, and the 16x16 one in 25 tiles every 4 positions (6 inside each tile's inner edges).
        Cli annWhole = Cli.run("evaluate", whole.toString(), "--data", "seg:" + data, "--report", dir.resolve("a1.json").toString());
        Cli annTiled = Cli.run("evaluate", small.toString(), "--data", "seg:" + data, "--tile", "16x16", "--tile-overlap", "12",
            "--report", dir.resolve("a2.json").toString());
        assertEquals(0, annWhole.code, annWhole.toString());
        assertEquals(0, annTiled.code, annTiled.toString());
        assertTrue(annTiled.out.contains("25 tiles of 16x16 (5 x 5, overlap 12) per 32x32 scene"), annTiled.out);
        int radius = org.spikeflow.engine.Tiling.receptiveRadius(unet(16));
        assertTrue(radius > 0 && radius <= 6, "the overlap covers the receptive field: " + radius);
        assertTrue(annTiled.out.contains("receptive-field radius " + radius + " positions"), annTiled.out);
        assertFalse(annTiled.out.contains("warning"), annTiled.out);
        assertEquals(radius, ReportJson.read(dir.resolve("a2.json"), org.spikeflow.report.EvaluationReport.class, "evaluation")
            .tiling().receptiveFieldRadius());
        // Too little overlap still runs, with a warning that names the overlap that would make the tiles exact.
        Cli thin = Cli.run("evaluate", small.toString(), "--data", "seg:" + data, "--tile", "16x16", "--tile-overlap", "2");
        assertEquals(0, thin.code, thin.toString());
        int exact = 2 * radius;
        assertTrue(thin.out.contains("warning: --tile-overlap 2 keeps 1 position of context beside inner tile edges, less than"
            + " the receptive-field radius") && thin.out.contains("--tile-overlap " + exact + " makes them equal"), thin.out);
        SegmentationScores ann = ReportJson.read(dir.resolve("a1.json"), org.spikeflow.report.EvaluationReport.class, "evaluation").segmentation();
        assertEquals(ann, ReportJson.read(dir.resolve("a2.json"), org.spikeflow.report.EvaluationReport.class, "evaluation").segmentation());
        assertTrue(ann.meanIou() > 0 && ann.meanIou() < 1, "a real, imperfect segmentation: " + ann);
        for (String engine : new String[] {"event", "dense"}) {
            SimulationReport ref = null;
            for (String[] tile : new String[][] {{}, {"--tile", "32x32"}, {"--tile", "16", "--tile-overlap", "12"}}) {
                Path report = dir.resolve(engine + tile.length + ".json");
                Path html = dir.resolve(engine + tile.length + ".html");
                java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("simulate", (tile.length == 0 ? whole : small).toString(),
                    "--data", "seg:" + data, "--timesteps", "8", "--checkpoints", "2,4,8", "--engine", engine, "--report",
                    report.toString(), "--html", html.toString(), "--mask-samples", "2"));
                args.addAll(java.util.List.of(tile));
                Cli sim = Cli.run(args.toArray(String[]::new));
                assertEquals(0, sim.code, sim.toString());
                SimulationReport r = ReportJson.readSimulation(report);
                if (tile.length == 0) assertEquals(null, r.tiling());
                else assertEquals(tile.length == 2 ? 1 : 25, r.tiling().tilesPerScene());
                if (tile.length == 4) assertEquals(6, r.tiling().margin(), "half the overlap of 12");
                if (ref == null) {
                    ref = r;
                } else {
                    assertEquals(ref.segmentation(), r.segmentation(), engine + " " + String.join(" ", tile));
                    assertEquals(ref.annSegmentation(), r.annSegmentation());
                }
                assertEquals(ann, r.annSegmentation(), "the rate-limit reading is the ANN's");
                String page = Files.readString(html);
                assertTrue(page.contains("alt=\"masks.png\""), "mask images in the report");
                assertTrue(page.contains("alt=\"segmentation_vs_timesteps.png\""), "scores against T in the report");
                assertTrue(page.contains("input, ground truth, ANN, SNN T=2, SNN T=4, SNN T=8"), "the columns are named");
                String b64 = page.substring(page.indexOf("base64,", page.indexOf("alt=\"masks.png\"")) + 7);
                java.awt.image.BufferedImage masks = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(
                    java.util.Base64.getDecoder().decode(b64.substring(0, b64.indexOf('"')))));
                assertEquals(2 * (32 * 3 + 2), masks.getHeight(), "two rows of 32x32 scenes drawn 3x");
                assertEquals(6 * (32 * 3 + 2), masks.getWidth(), "input, truth, ANN and three checkpoints");
            }
        }
    }

    @Test
    void tilesThatDoNotFitTheNetworkAreRefused(@TempDir Path dir) throws Exception {
        Path data = scenes(Files.createDirectory(dir.resolve("seg")), 32, 2);
        Path small = dir.resolve("unet16.snn");
        NetworkFile.write(unet(16), small);
        Cli odd = Cli.run("simulate", small.toString(), "--data", "seg:" + data, "--tile", "15x16");
        assertEquals(ExitCodes.USAGE, odd.code, odd.toString());
        assertTrue(odd.err.contains("--tile 15x16 must be a multiple of 2x2"), odd.err);
        Cli bare = Cli.run("evaluate", small.toString(), "--data", "seg:" + data, "--tile-overlap", "4");
        assertEquals(ExitCodes.USAGE, bare.code, bare.toString());
        Cli whole = Cli.run("simulate", small.toString(), "--data", "seg:" + data, "--timesteps", "2");
        assertEquals(ExitCodes.INVALID_INPUT, whole.code, "32x32 scenes for a 16x16 network without --tile");
        Cli bad = Cli.run("simulate", small.toString(), "--data", "seg:" + data, "--tile", "16x", "--timesteps", "2");
        assertEquals(ExitCodes.USAGE, bad.code, bad.toString());
    }

    @Test
    void masksThatDoNotFitTheOutputAreRefusedWithTheDataExitCode(@TempDir Path dir) throws Exception {
        Path data = data(Files.createDirectory(dir.resolve("seg")));
        // A per-pixel output of 4x4 for masks of 8x8 (the network reads 8x8 scenes through a stride-2 convolution).
        Population in = Population.input("in", Shape.chw(1, 8, 8));
        Population out = Population.spiking("head", Shape.chw(2, 4, 4), NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY));
        Path small = dir.resolve("small.snn");
        NetworkFile.write(Network.builder("small").add(in).add(out)
            .connect(new ConvProjection("k", in, out, 2, 2, 0, new float[8])).output(out).build(), small);
        Cli sim = Cli.run("simulate", small.toString(), "--data", "seg:" + data, "--timesteps", "2");
        assertEquals(ExitCodes.INVALID_INPUT, sim.code, sim.toString());
        assertTrue(sim.err.contains("masks of 64 pixels"), sim.err);
        // Classification data (labels, no masks) for a per-pixel output.
        Path idx = Files.createDirectory(dir.resolve("idx"));
        for (String prefix : new String[] {"train", "t10k"}) {
            TestData.write(idx.resolve(prefix + "-images-idx3-ubyte.gz"), 0x803, new int[] {3, 8, 8}, new byte[192], 192);
            TestData.write(idx.resolve(prefix + "-labels-idx1-ubyte.gz"), 0x801, new int[] {3}, new byte[3], 3);
        }
        Cli ev = Cli.run("evaluate", network(dir.resolve("seg.snn"), 8).toString(), "--data", "idx:" + idx);
        assertEquals(ExitCodes.INVALID_INPUT, ev.code, ev.toString());
        assertTrue(ev.err.contains("has no masks"), ev.err);
    }
}
