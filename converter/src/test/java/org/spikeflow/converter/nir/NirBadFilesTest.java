package org.spikeflow.converter.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.converter.ModelException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Broken NIR files: one clear message naming the file, the node and what is wrong. */
class NirBadFilesTest {

    static NirNode input(String name, long... shape) {
        return NirNode.of(name, NirType.INPUT, Map.of("shape", NirArray.longs(shape)));
    }

    static NirNode output(String name, long... shape) {
        return NirNode.of(name, NirType.OUTPUT, Map.of("shape", NirArray.longs(shape)));
    }

    static NirNode linear(String name, int out, int in) {
        return NirNode.of(name, NirType.LINEAR, Map.of("weight", NirArray.floats(new int[] {out, in}, new float[out * in])));
    }

    static NirNode ifNeuron(String name, int n) {
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        Map<String, NirArray> a = new LinkedHashMap<>();
        a.put("r", NirArray.floats(new int[] {n}, ones));
        a.put("v_threshold", NirArray.floats(new int[] {n}, ones));
        return NirNode.of(name, NirType.IF, a);
    }

    static NirGraph graph(List<NirNode> nodes, List<NirEdge> edges) {
        Map<String, NirNode> m = new LinkedHashMap<>();
        for (NirNode n : nodes) m.put(n.name(), n);
        return new NirGraph(NirFile.VERSION, m, edges, Map.of());
    }

    static String importError(Path dir, NirGraph g) {
        Path f = dir.resolve("bad.nir");
        NirFile.write(g, f);
        ModelException e = assertThrows(ModelException.class, () -> NirImporter.load(f, NirImporter.Options.defaults()));
        assertTrue(e.getMessage().startsWith(f.toString() + ": "), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void aWellFormedGraphImports(@TempDir Path dir) {
        Path f = dir.resolve("ok.nir");
        NirFile.write(graph(List.of(input("in", 3), linear("w", 2, 3), ifNeuron("n", 2), output("out", 2)),
            List.of(new NirEdge("in", "w"), new NirEdge("w", "n"), new NirEdge("n", "out"))), f);
        assertTrue(NirImporter.load(f, NirImporter.Options.defaults()).neurons() == 2);
    }

    @Test
    void graphWithMoreNeuronsInAllThanTheLimitIsRefusedNamingTotalAndLimit(@TempDir Path dir) {
        NirGraph g = graph(List.of(input("in", 3), linear("w", 2, 3), ifNeuron("n", 2), output("out", 2)),
            List.of(new NirEdge("in", "w"), new NirEdge("w", "n"), new NirEdge("n", "out")));
        org.spikeflow.io.InputLimits.set(new org.spikeflow.io.InputLimits(org.spikeflow.io.InputLimits.DEFAULT_MAX_ELEMENTS,
            org.spikeflow.io.InputLimits.DEFAULT_MAX_SYNAPSES, 4));
        try {
            String m = importError(dir, g);
            assertTrue(m.contains("5 neurons") && m.contains("limit of 4") && m.contains("--max-neurons"), m);
        } finally {
            org.spikeflow.io.InputLimits.set(org.spikeflow.io.InputLimits.DEFAULT);
        }
        Path f = dir.resolve("ok.nir");
        NirFile.write(g, f);
        assertTrue(NirImporter.load(f, NirImporter.Options.defaults()).neurons() == 2);
    }

    @Test
    void poolingWithAZeroStrideIsRefusedNamingTheNode(@TempDir Path dir) {
        Map<String, NirArray> a = new LinkedHashMap<>();
        a.put("kernel_size", NirArray.longs(2, 2));
        a.put("stride", NirArray.longs(0, 2));
        a.put("padding", NirArray.longs(0, 0));
        String m = importError(dir, graph(List.of(input("in", 1, 4, 4), NirNode.of("pool", NirType.SUM_POOL2D, a),
                NirNode.of("flat", NirType.FLATTEN, Map.of()), linear("w", 2, 4), ifNeuron("n", 2), output("out", 2)),
            List.of(new NirEdge("in", "pool"), new NirEdge("pool", "flat"), new NirEdge("flat", "w"), new NirEdge("w", "n"),
                new NirEdge("n", "out"))));
        assertTrue(m.contains("pool") && m.contains("stride [0, 2] must be positive"), m);
    }

    @Test
    void shapeMismatchAlongAnEdgeNamesBothNodes(@TempDir Path dir) {
        String m = importError(dir, graph(List.of(input("in", 4), linear("w", 2, 3), ifNeuron("n", 2), output("out", 2)),
            List.of(new NirEdge("in", "w"), new NirEdge("w", "n"), new NirEdge("n", "out"))));
        assertTrue(m.contains("shape mismatch along edge in -> w") && m.contains("[4]") && m.contains("[3]"), m);
    }

    @Test
    void neuronOfTheWrongSizeIsAShapeMismatch(@TempDir Path dir) {
        String m = importError(dir, graph(List.of(input("in", 3), linear("w", 2, 3), ifNeuron("n", 5), output("out", 5)),
            List.of(new NirEdge("in", "w"), new NirEdge("w", "n"), new NirEdge("n", "out"))));
        assertTrue(m.contains("shape mismatch along edge w -> n"), m);
    }

    @Test
    void danglingEdgeNamesTheMissingNode(@TempDir Path dir) {
        String m = importError(dir, graph(List.of(input("in", 3), linear("w", 2, 3), ifNeuron("n", 2), output("out", 2)),
            List.of(new NirEdge("in", "w"), new NirEdge("w", "n"), new NirEdge("n", "ghost"))));
        assertTrue(m.contains("edge n -> ghost") && m.contains("dangling"), m);
    }

    @Test
    void unknownAndUnsupportedNodesAreListedAtOnce(@TempDir Path dir) {
        NirNode weird = new NirNode("x", null, "Banana", Map.of(), Map.of());
        NirNode delay = NirNode.of("d", NirType.DELAY, Map.of("delay", NirArray.floats(new int[] {2}, new float[] {1, 1})));
        NirNode sub = NirNode.of("g", NirType.NIR_GRAPH, Map.of());
        String m = importError(dir, graph(List.of(input("in", 2), weird, delay, sub, output("out", 2)),
            List.of(new NirEdge("in", "x"), new NirEdge("x", "d"), new NirEdge("d", "out"))));
        assertTrue(m.contains("unknown NIR node type: 'x' (Banana)"), m);
        assertTrue(m.contains("unsupported NIR nodes: 'd' (Delay), 'g' (NIRGraph)"), m);
    }

    @Test
    void nodeWithoutTypeIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("notype.nir");
        try (WritableHdfFile h = HdfFile.write(f)) {
            h.putDataset("version", "0.2.0");
            WritableGroup g = h.putGroup("node");
            g.putDataset("type", "NIRGraph");
            g.putDataset("edges", new String[][] {{"in", "lif"}});
            WritableGroup nodes = g.putGroup("nodes");
            WritableGroup in = nodes.putGroup("in");
            in.putDataset("type", "Input");
            in.putDataset("shape", new long[] {1});
            nodes.putGroup("lif").putDataset("tau", new float[] {0.01f});
        }
        ModelException e = assertThrows(ModelException.class, () -> NirImporter.load(f, NirImporter.Options.defaults()));
        assertTrue(e.getMessage().contains("notype.nir: node 'lif' has no 'type'"), e.getMessage());
    }

    @Test
    void fileThatIsNotHdf5IsOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("junk.nir");
        Files.write(f, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        ModelException e = assertThrows(ModelException.class, () -> NirFile.read(f));
        assertTrue(e.getMessage().startsWith(f + ": not a readable NIR (HDF5) file"), e.getMessage());
    }

    @Test
    void outputFedByAStatelessNodeIsRefused(@TempDir Path dir) {
        String m = importError(dir, graph(List.of(input("in", 3), linear("w", 2, 3), output("out", 2)),
            List.of(new NirEdge("in", "w"), new NirEdge("w", "out"))));
        assertTrue(m.contains("must follow a neuron node"), m);
    }

    @Test
    void nonZeroResetPotentialIsRefusedNamingTheNode(@TempDir Path dir) {
        NirNode n = ifNeuron("n", 2);
        Map<String, NirArray> a = new LinkedHashMap<>(n.arrays());
        a.put("v_reset", NirArray.floats(new int[] {2}, new float[] {0.5f, 0.5f}));
        String m = importError(dir, graph(List.of(input("in", 3), linear("w", 2, 3), NirNode.of("n", NirType.IF, a), output("out", 2)),
            List.of(new NirEdge("in", "w"), new NirEdge("w", "n"), new NirEdge("n", "out"))));
        assertTrue(m.contains("'n' (IF): v_reset 0.5 is not supported"), m);
    }
}
