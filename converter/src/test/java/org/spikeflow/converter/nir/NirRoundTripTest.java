package org.spikeflow.converter.nir;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeflow.converter.ModelException;
import org.spikeflow.converter.ModelLoader;
import org.spikeflow.converter.snn.NormMode;
import org.spikeflow.converter.snn.SpikingConversion;
import org.spikeflow.converter.snn.SpikingOptions;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.RecurrentProjection;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;
import org.spikeflow.testing.SharedFixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Export to NIR and import again: the same spikes per neuron per timestep as the original network (for what NIR
 * expresses exactly: reset to zero, single spikes, membranes from 0), files that follow the spec, and refusals that
 * name the layer.
 */
class NirRoundTripTest {
    static final SpikingOptions EXACT = SpikingOptions.DEFAULT.withNorm(NormMode.NONE).withReset(ResetMode.ZERO)
        .withInitialMembraneFraction(0f);

    /** Spike counts per "sample/step/population name". */
    static Map<String, int[]> run(Network net, org.spikeflow.data.Dataset d, int steps, EngineKind engine) {
        Map<String, int[]> counts = new java.util.concurrent.ConcurrentHashMap<>();
        SpikeListener l = (sample, t, pop, idx, cnt, n) -> {
            Population p = net.populations().get(pop);
            int[] c = new int[p.size()];
            for (int e = 0; e < n; e++) c[idx[e]] += cnt[e];
            if (n > 0) counts.put(sample + "/" + t + "/" + p.name(), c);
        };
        Engines.create(engine).run(net, d, SimulationConfig.builder().timesteps(steps).threads(2).listener(l).build());
        return new TreeMap<>(counts);
    }

    static org.spikeflow.data.Dataset random(Shape s, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[n][s.size()];
        for (float[] v : x) for (int i = 0; i < v.length; i++) v[i] = (float) r.nextDouble();
        return new org.spikeflow.data.Dataset("random", s, x, new int[n], 10);
    }

    static Network roundTrip(Network net, Path dir, Discretization disc) {
        Path f = dir.resolve(net.name().replaceAll("[^A-Za-z0-9_.-]", "_") + ".nir");
        NirFile.write(NirExporter.export(net, disc).graph(), f);
        double dt = net.populations().get(1).neuron().timestepMs() / 1000.0;
        return NirImporter.load(f, new NirImporter.Options(dt, disc));
    }

    static void assertSameSpikes(Map<String, int[]> a, Map<String, int[]> b) {
        assertEquals(a.keySet(), b.keySet(), "same (sample, step, population) with spikes");
        for (var e : a.entrySet()) assertArrayEquals(e.getValue(), b.get(e.getKey()), e.getKey());
    }

    /** Every fixture the converter reads (seg_unet's ConvTranspose it does not): exported and imported, or refused by layer. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "fixtures/fashion_mlp.onnx, ",
        "fixtures/fashion_vgg.onnx, ",
        "fixtures/mnist_cnn.onnx, cannot export 'features_features.2_MaxPool' to NIR: spiking max pooling",
        "fixtures/keras_lenet5_mnist.h5, cannot export 'max_pooling2d_1' to NIR: spiking max pooling"})
    void convertedFixtureExportedAndImportedSpikesAsTheOriginal(String fixture, String refusal, @TempDir Path dir) {
        Network ann = ModelLoader.load(SharedFixtures.require(fixture));
        Network snn = SpikingConversion.convert(ann, null, EXACT, true, 1, null);
        if (refusal != null) {
            ModelException e = assertThrows(ModelException.class, () -> roundTrip(snn, dir, Discretization.EULER));
            assertTrue(e.getMessage().startsWith(refusal), e.getMessage());
            return;
        }
        Network back = roundTrip(snn, dir, Discretization.EULER);
        assertEquals(snn.neurons(), back.neurons());
        assertEquals(snn.synapses(), back.synapses());
        org.spikeflow.data.Dataset d = random(snn.input().shape(), 3, 5);
        Map<String, int[]> original = run(snn, d, 6, EngineKind.EVENT);
        assertFalse(original.isEmpty());
        assertSameSpikes(original, run(back, d, 6, EngineKind.EVENT));
        assertSameSpikes(original, run(back, d, 6, EngineKind.DENSE));
    }

    /** A LIF network with a recurrent projection and biases, both discretizations. */
    static Network lifRecurrent() {
        SplittableRandom r = new SplittableRandom(3);
        NeuronParams lif = NeuronParams.leaky(0.6f, 8f, 1f).withReset(ResetMode.ZERO);
        Population in = Population.input("in", Shape.flat(6));
        Population h = Population.spiking("h", Shape.flat(5), lif, new float[] {0.05f, 0f, 0.1f, 0f, 0.02f});
        Population out = Population.spiking("out", Shape.flat(3), NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY).withReset(ResetMode.ZERO));
        float[] w1 = new float[30];
        float[] wr = new float[25];
        float[] w2 = new float[15];
        for (float[] w : List.of(w1, wr, w2)) for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextDouble() - 0.3);
        return Network.builder("lif-rec").add(in).add(h).add(out)
            .connect(new DenseProjection("w1", in, h, w1))
            .connect(new RecurrentProjection(new DenseProjection("wr", h, h, wr)))
            .connect(new DenseProjection("w2", h, out, w2)).output(out).build();
    }

    @Test
    void recurrentLifNetworkRoundTripsUnderBothDiscretizations(@TempDir Path dir) {
        Network net = lifRecurrent();
        org.spikeflow.data.Dataset d = random(net.input().shape(), 3, 9);
        Map<String, int[]> original = run(net, d, 20, EngineKind.EVENT);
        assertTrue(original.keySet().stream().anyMatch(k -> k.endsWith("/h")), "the hidden layer fires");
        for (Discretization disc : Discretization.values()) {
            Network back = roundTrip(net, dir, disc);
            assertEquals(net.population("h").neuron().decay(), back.population("h").neuron().decay(), 0f, disc + " decay");
            assertTrue(back.incoming(back.population("h").id()).stream().anyMatch(p -> p.delayed()), "recurrent edge kept");
            assertSameSpikes(original, run(back, d, 20, EngineKind.EVENT));
            assertSameSpikes(original, run(back, d, 20, EngineKind.DENSE));
        }
    }

    /** Convolution, sum pooling into IF neurons, flatten, dense with bias into an integrating output. */
    static Network pooled() {
        SplittableRandom r = new SplittableRandom(4);
        Population in = Population.input("in", Shape.chw(2, 6, 6));
        Population c = Population.spiking("c", Shape.chw(3, 6, 6), NeuronParams.integrateAndFire(0.8f).withReset(ResetMode.ZERO),
            new float[] {0.05f, 0f, 0.1f});
        Population p = Population.spiking("p", Shape.chw(3, 3, 3), NeuronParams.integrateAndFire(1.5f).withReset(ResetMode.ZERO));
        Population o = Population.spiking("o", Shape.flat(4), NeuronParams.integrateAndFire(Float.POSITIVE_INFINITY).withReset(ResetMode.ZERO),
            new float[] {0.01f, -0.02f, 0f, 0.03f});
        float[] wc = new float[9 * 2 * 3];
        float[] wd = new float[27 * 4];
        for (float[] w : List.of(wc, wd)) for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextDouble() - 0.3);
        return Network.builder("pooled").add(in).add(c).add(p).add(o)
            .connect(new org.spikeflow.graph.ConvProjection("conv", in, c, 3, 1, 1, wc))
            .connect(new org.spikeflow.graph.AvgPoolProjection("sum", c, p, org.spikeflow.graph.PoolProjection.window(2, 2, 2, 2, 0, 0), 0, 1f))
            .connect(new DenseProjection("fc", p, o, wd)).output(o).build();
    }

    @Test
    void sumPoolingNetworkRoundTrips(@TempDir Path dir) {
        Network net = pooled();
        org.spikeflow.data.Dataset d = random(net.input().shape(), 3, 2);
        Map<String, int[]> original = run(net, d, 10, EngineKind.EVENT);
        assertTrue(original.keySet().stream().anyMatch(k -> k.endsWith("/p")), "the pooled layer fires");
        Network back = roundTrip(net, dir, Discretization.EULER);
        assertEquals(org.spikeflow.graph.ProjectionKind.AVG_POOL, back.incoming(back.population("p").id()).get(0).kind());
        assertSameSpikes(original, run(back, d, 10, EngineKind.EVENT));
    }

    @Test
    void recurrentCubaLifFixtureRoundTrips(@TempDir Path dir) {
        Network net = NirImporter.load(SharedFixtures.require("fixtures/nir/braille_noDelay_noBias_subtract.nir"), NirImporter.Options.defaults());
        org.spikeflow.data.Dataset d = NirFixtures.trains(net, 2, 40, 0.2, 3);
        Map<String, int[]> a = NirFixtures.spikes(net, d, 40, EngineKind.EVENT, 2);
        for (Discretization disc : Discretization.values()) {
            Network back = roundTrip(net, dir, disc);
            assertEquals(net.population("lif1.lif").neuron().synapseDecay(), back.population("lif1.lif").neuron().synapseDecay(), 0f);
            assertEquals(null, NirFixtures.difference(a, NirFixtures.spikes(back, d, 40, EngineKind.EVENT, 2)), disc.toString());
        }
    }

    @Test
    void semanticsNirLacksAreWarnedAndRecorded() {
        Network ann = ModelLoader.load(SharedFixtures.require("fixtures/fashion_mlp.onnx"));
        Network snn = SpikingConversion.convert(ann, null, SpikingOptions.DEFAULT.withNorm(NormMode.NONE).withMaxSpikesPerStep(2), true, 1, null);
        NirExporter.Export e = NirExporter.export(snn, Discretization.EULER);
        String all = String.join("\n", e.warnings());
        assertTrue(all.contains("reset by subtraction"), all);
        assertTrue(all.contains("multi-spike"), all);
        assertTrue(all.contains("initial membrane"), all);
        assertTrue(e.graph().metadata().values().stream().anyMatch(v -> v.contains("reset by subtraction")), "in the metadata");
    }

    @Test
    void spikingMaxPoolIsRefusedNamingTheLayer() {
        Population in = Population.input("in", Shape.chw(1, 4, 4));
        Population c = Population.spiking("c", Shape.chw(1, 4, 4), NeuronParams.integrateAndFire(1f));
        Population m = Population.maxPool("pool", Shape.chw(1, 2, 2));
        Population o = Population.spiking("o", Shape.flat(2), NeuronParams.integrateAndFire(1f));
        Network net = Network.builder("mp").add(in).add(c).add(m).add(o)
            .connect(new org.spikeflow.graph.ConvProjection("conv", in, c, 3, 1, 1, new float[9]))
            .connect(org.spikeflow.graph.PoolProjection.max("mp", c, m, 2, 2))
            .connect(new DenseProjection("fc", m, o, new float[8])).output(o).build();
        ModelException e = assertThrows(ModelException.class, () -> NirExporter.export(net, Discretization.EULER));
        assertTrue(e.getMessage().contains("'pool'") && e.getMessage().contains("max pooling"), e.getMessage());
    }

    /** Expected HDF5 layout of each node type we write: dataset, rank (-1: any) and dtype class. */
    static final Map<String, List<String[]>> SPEC = Map.ofEntries(
        Map.entry("Input", List.<String[]>of(new String[] {"shape", "1", "long"})),
        Map.entry("Output", List.<String[]>of(new String[] {"shape", "1", "long"})),
        Map.entry("Affine", List.<String[]>of(new String[] {"weight", "2", "float"}, new String[] {"bias", "1", "float"})),
        Map.entry("Linear", List.<String[]>of(new String[] {"weight", "2", "float"})),
        Map.entry("Conv2d", List.<String[]>of(new String[] {"weight", "4", "float"}, new String[] {"bias", "1", "float"}, new String[] {"stride", "1", "long"},
            new String[] {"padding", "1", "long"}, new String[] {"dilation", "1", "long"}, new String[] {"groups", "0", "long"},
            new String[] {"input_shape", "1", "long"})),
        Map.entry("IF", List.<String[]>of(new String[] {"r", "-1", "float"}, new String[] {"v_threshold", "-1", "float"}, new String[] {"v_reset", "-1", "float"})),
        Map.entry("LIF", List.<String[]>of(new String[] {"tau", "-1", "double"}, new String[] {"r", "-1", "double"}, new String[] {"v_leak", "-1", "float"},
            new String[] {"v_threshold", "-1", "float"}, new String[] {"v_reset", "-1", "float"})),
        Map.entry("I", List.<String[]>of(new String[] {"r", "-1", "float"})),
        Map.entry("CubaLIF", List.<String[]>of(new String[] {"tau_syn", "-1", "double"}, new String[] {"tau_mem", "-1", "double"},
            new String[] {"r", "-1", "double"}, new String[] {"v_leak", "-1", "float"}, new String[] {"v_threshold", "-1", "float"},
            new String[] {"v_reset", "-1", "float"}, new String[] {"w_in", "-1", "double"})),
        Map.entry("Flatten", List.<String[]>of(new String[] {"start_dim", "0", "long"}, new String[] {"end_dim", "0", "long"}, new String[] {"input_type", "1", "long"})),
        Map.entry("SumPool2d", List.<String[]>of(new String[] {"kernel_size", "1", "long"}, new String[] {"stride", "1", "long"}, new String[] {"padding", "1", "long"})));

    /** Exports covering every node type we write: a converted VGG, the Sinabs CNN imported, pooling, recurrent LIF. */
    static List<Path> exportSamples(Path dir) {
        List<Network> nets = new java.util.ArrayList<>(List.of(pooled(), lifRecurrent(),
            NirImporter.load(SharedFixtures.require("fixtures/nir/cnn_sinabs.nir"), NirImporter.Options.defaults()),
            NirImporter.load(SharedFixtures.require("fixtures/nir/braille_noDelay_noBias_subtract.nir"), NirImporter.Options.defaults())));
        nets.add(SpikingConversion.convert(ModelLoader.load(SharedFixtures.require("fixtures/fashion_vgg.onnx")), null, EXACT, true, 1, null));
        List<Path> files = new java.util.ArrayList<>();
        for (Network n : nets) {
            Path f = dir.resolve(n.name().replaceAll("[^A-Za-z0-9_-]", "_") + ".nir");
            NirFile.write(NirExporter.export(n, Discretization.EULER).graph(), f);
            files.add(f);
        }
        return files;
    }

    @Test
    void exportedFileFollowsTheSpecReadByHdf5NotByOurReader(@TempDir Path dir) throws Exception {
        List<Path> files = exportSamples(dir);
        for (Path p : files) {
            try (HdfFile h = new HdfFile(p)) {
                assertEquals(String.class, ((Dataset) h.getChild("version")).getJavaType());
                Group node = (Group) h.getChild("node");
                assertEquals("NIRGraph", ((Dataset) node.getChild("type")).getData());
                Dataset edges = (Dataset) node.getChild("edges");
                assertEquals(2, edges.getDimensions()[1]);
                Group nodes = (Group) node.getChild("nodes");
                String[][] e = (String[][]) edges.getData();
                for (String[] edge : e) for (String end : edge) assertTrue(nodes.getChildren().containsKey(end), "edge end " + end);
                for (Node n : nodes.getChildren().values()) {
                    Group ng = (Group) n;
                    String type = (String) ((Dataset) ng.getChild("type")).getData();
                    List<String[]> want = SPEC.get(type);
                    assertTrue(want != null, "type " + type + " of " + n.getName());
                    for (String[] w : want) {
                        Dataset d = (Dataset) ng.getChild(w[0]);
                        assertTrue(d != null, type + " '" + n.getName() + "' lacks " + w[0]);
                        int rank = Integer.parseInt(w[1]);
                        if (rank >= 0) assertEquals(rank, d.getDimensions().length, type + "." + w[0] + " rank");
                        assertEquals(w[2], d.getJavaType().getSimpleName().toLowerCase(), type + "." + w[0] + " dtype");
                    }
                }
            }
        }
    }

    @Test
    void exportedFileReadsInH5pyAsTheReferenceReaderReadsIt(@TempDir Path dir) throws Exception {
        String python = null;
        for (String candidate : List.of("python3", "/usr/bin/python3")) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import h5py").redirectErrorStream(true).start();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    break;
                }
            } catch (java.io.IOException e) {
                // not this one
            }
        }
        Assumptions.assumeTrue(python != null, "python3 with h5py is not installed (apt-get install python3-h5py): skipping the foreign-reader check");
        List<Path> files = exportSamples(dir);
        Path script = dir.resolve("check.py");
        Files.writeString(script, String.join("\n",
            "import sys, h5py, numpy as np",
            "REQ = {b'Input': {'shape': 'i'}, b'Output': {'shape': 'i'}, b'Affine': {'weight': 'f', 'bias': 'f'},",
            "       b'Linear': {'weight': 'f'}, b'Conv2d': {'weight': 'f', 'bias': 'f', 'stride': 'i', 'padding': 'i', 'dilation': 'i',",
            "       'groups': 'i', 'input_shape': 'i'}, b'IF': {'r': 'f', 'v_threshold': 'f', 'v_reset': 'f'},",
            "       b'LIF': {'tau': 'f', 'r': 'f', 'v_leak': 'f', 'v_threshold': 'f', 'v_reset': 'f'}, b'I': {'r': 'f'},",
            "       b'Flatten': {'start_dim': 'i', 'end_dim': 'i', 'input_type': 'i'},",
            "       b'CubaLIF': {'tau_syn': 'f', 'tau_mem': 'f', 'r': 'f', 'v_leak': 'f', 'v_threshold': 'f', 'v_reset': 'f', 'w_in': 'f'},",
            "       b'SumPool2d': {'kernel_size': 'i', 'stride': 'i', 'padding': 'i'}, b'AvgPool2d': {'kernel_size': 'i', 'stride': 'i', 'padding': 'i'}}",
            "for path in sys.argv[1:]:",
            "    with h5py.File(path, 'r') as f:",
            "        f['version'][()].decode('utf8')",
            "        g = f['node']",
            "        assert g['type'][()] == b'NIRGraph', g['type'][()]",
            "        names = set(g['nodes'].keys())",
            "        edges = [(a.decode('utf8'), b.decode('utf8')) for a, b in g['edges'][()]]",
            "        assert all(a in names and b in names for a, b in edges), edges",
            "        for name, n in g['nodes'].items():",
            "            t = n['type'][()]",
            "            assert t in REQ, (name, t)",
            "            for k, kind in REQ[t].items():",
            "                v = n[k][()]",
            "                assert np.asarray(v).dtype.kind == kind, (name, k, np.asarray(v).dtype)",
            "            if t == b'Conv2d':",
            "                w = n['weight'][()]",
            "                assert w.ndim == 4 and n['bias'][()].shape == (w.shape[0],), name",
            "            if t in (b'Affine', b'Linear'):",
            "                assert n['weight'][()].ndim == 2, name",
            "        print(path, len(names), 'nodes', len(edges), 'edges ok')",
            ""));
        List<String> cmd = new java.util.ArrayList<>(List.of(python, script.toString()));
        for (Path x : files) cmd.add(x.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "h5py check timed out");
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("edges ok"), out);
        assertEquals(files.size(), Arrays.stream(out.split("\n")).filter(l -> l.endsWith("edges ok")).count(), out);
    }
}
