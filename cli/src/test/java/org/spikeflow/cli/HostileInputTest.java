package org.spikeflow.cli;

import onnx.Onnx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.io.NetworkFile;
import org.spikeflow.testing.SharedFixtures;
import org.spikeflow.training.Arch;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile inputs of the hardening work, each written by the test: one sentence naming the file and what is
 * wrong, the named exit code, no stack trace, no library text.
 */
class HostileInputTest {

    /** Asserts exit 3 and a one-line message naming the file and every fragment, free of Java and library text. */
    private static void assertRefused(Cli c, Path file, String... fragments) {
        assertEquals(ExitCodes.INVALID_INPUT, c.code, c.toString());
        assertTrue(c.err.contains(file.toString()), "names the file: " + c);
        for (String f : fragments) assertTrue(c.err.contains(f), "mentions '" + f + "': " + c);
        assertFalse(c.err.contains("\tat ") || c.err.contains("Exception") || c.err.contains("java."), "no Java text: " + c);
    }

    @Test
    void onnxInitializerWithOverflowingDimsIsRefusedNamingTheTensor(@TempDir Path dir) throws Exception {
        Path onnx = SharedFixtures.require("fixtures/mnist_cnn.onnx");
        Path golden = SharedFixtures.require("fixtures/mnist_cnn_golden.npz");
        Onnx.ModelProto m = Onnx.ModelProto.parseFrom(Files.readAllBytes(onnx));
        Onnx.ModelProto.Builder b = m.toBuilder();
        int k = -1;
        for (int i = 0; i < b.getGraph().getInitializerCount(); i++) {
            if (b.getGraph().getInitializer(i).getDimsList().equals(java.util.List.of(576L, 10L))) k = i;
        }
        assertTrue(k >= 0, "the fixture has a [576, 10] initializer");
        String tensor = b.getGraph().getInitializer(k).getName();
        b.getGraphBuilder().getInitializerBuilder(k).setDims(1, Integer.MAX_VALUE);
        Path bad = dir.resolve("overflow.onnx");
        Files.write(bad, b.build().toByteArray());
        assertRefused(Cli.run("evaluate", bad.toString(), "--golden", golden.toString()), bad, "'" + tensor + "'", "2147483647");

        // dims that do not overflow but declare more than the tensor holds: refused before allocating, naming both sizes
        b.getGraphBuilder().getInitializerBuilder(k).setDims(1, 20);
        Path more = dir.resolve("more.onnx");
        Files.write(more, b.build().toByteArray());
        assertRefused(Cli.run("evaluate", more.toString(), "--golden", golden.toString()), more, "'" + tensor + "'", "11520", "23040");
    }

    @Test
    void tensorsBeyondTheElementLimitAreRefusedUnlessTheLimitIsRaised(@TempDir Path dir) throws Exception {
        Path model = TestData.model(dir.resolve("mlp.onnx"), Arch.MLP, 1);
        Path data = TestData.idx(dir.resolve("idx"), 20);
        Cli low = Cli.run("evaluate", model.toString(), "--data", "idx:" + data, "--max-elements", "1000");
        assertRefused(low, model, "limit of 1000", "--max-elements");
        Cli raised = Cli.run("evaluate", model.toString(), "--data", "idx:" + data, "--max-elements", "100000000");
        assertEquals(ExitCodes.OK, raised.code, raised.toString());
        Cli nonsense = Cli.run("evaluate", model.toString(), "--data", "idx:" + data, "--max-elements", "0");
        assertEquals(ExitCodes.USAGE, nonsense.code, nonsense.toString());
    }

    @Test
    void corruptReportGivenToEnergyNamesTheFileInOurOwnWords(@TempDir Path dir) throws Exception {
        Path inf = dir.resolve("inf.json");
        Files.writeString(inf, "{\"network\": \"n\", \"timesteps\": 8, \"timestep_ms\": -Infinity}");
        Cli a = Cli.run("energy", inf.toString());
        assertRefused(a, inf, "'-Infinity' is not a JSON number", "line 1");
        assertFalse(a.err.contains("JsonReadFeature") || a.err.contains("Source:"), a.toString());

        Path bracket = dir.resolve("bracket.json");
        Files.writeString(bracket, "{\"network\": \"n\",\n \"layers\": ]}");
        Cli b = Cli.run("energy", bracket.toString());
        assertRefused(b, bracket, "unexpected character ']'", "line 2");
        assertFalse(b.err.contains("code 93") || b.err.contains("expected a valid value"), b.toString());

        // the same inside a layer: still our words, with the field
        Path nested = dir.resolve("nested.json");
        Files.writeString(nested, "{\"network\": \"n\",\n \"layers\": [{\"name\": !x}]}");
        Cli c = Cli.run("energy", nested.toString());
        assertRefused(c, nested, "field 'layers[0]", "unexpected character '!'", "line 2");
        assertFalse(c.err.contains("code 33") || c.err.contains("expected a valid value") || c.err.contains("JSON String"), c.toString());
    }

    @Test
    void networkFileWithAZeroOrNegativePopulationShapeNamesTheFileAndThePopulation(@TempDir Path dir) throws Exception {
        Population in = Population.input("in", Shape.flat(4));
        Population hidden = Population.spiking("hidden", Shape.chw(10, 1, 1), NeuronParams.IF_SOFT);
        Network net = Network.builder("n").add(in).add(hidden).connect(new DenseProjection("d", in, hidden, new float[40]))
            .build();
        for (int width : new int[] {0, -3}) {
            byte[] bytes = NetworkFile.toBytes(net);
            byte[] name = {0, 6, 'h', 'i', 'd', 'd', 'e', 'n'}; // writeUTF("hidden")
            int at = indexOf(bytes, name);
            assertTrue(at > 0);
            int widthAt = at + name.length + 1 + 8; // kind byte, channels, height, then width
            ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).putInt(widthAt, width);
            CRC32 crc = new CRC32();
            crc.update(bytes, 0, bytes.length - 4);
            ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN).putInt(bytes.length - 4, (int) crc.getValue());
            Path f = dir.resolve("shape" + width + ".snn");
            Files.write(f, bytes);
            assertRefused(Cli.run("inspect", f.toString()), f, "population 1 ('hidden')", "10x1x" + width, "must be positive");
        }
    }

    @Test
    void idxHeaderDeclaringAbsurdRowsIsRefusedBeforeAllocating(@TempDir Path dir) throws Exception {
        Path model = TestData.model(dir.resolve("mlp.onnx"), Arch.MLP, 1);
        // plain: 10 images of 65,537 x 28 declared, 10 x 784 bytes present: the file's length says no
        Path plain = TestData.idx(dir.resolve("plain"), 10);
        Path images = plain.resolve("t10k-images-idx3-ubyte.gz");
        Files.delete(images);
        Path raw = plain.resolve("t10k-images-idx3-ubyte");
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(raw))) {
            out.writeInt(0x803);
            out.writeInt(10);
            out.writeInt(65_537);
            out.writeInt(28);
            out.write(new byte[10 * 784]);
        }
        assertRefused(Cli.run("evaluate", model.toString(), "--data", "idx:" + plain), raw, "65537x28", "holds");

        // compressed: the declared total (10,000 images of 1,000 x 1,000) is bounded by the element limit
        Path gz = TestData.idx(dir.resolve("gz"), 10);
        Path gzImages = gz.resolve("t10k-images-idx3-ubyte.gz");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(b))) {
            out.writeInt(0x803);
            out.writeInt(10_000);
            out.writeInt(1_000);
            out.writeInt(1_000);
            out.write(new byte[4096]);
        }
        Files.write(gzImages, b.toByteArray());
        Runtime rt = Runtime.getRuntime();
        long before = rt.totalMemory() - rt.freeMemory();
        assertRefused(Cli.run("evaluate", model.toString(), "--data", "idx:" + gz), gzImages, "10000000000", "limit");
        assertTrue(rt.totalMemory() - rt.freeMemory() - before < 1L << 30, "nothing of the declared size was allocated");
    }

    static byte[] npy(int[] shape, int count) {
        ByteBuffer data = ByteBuffer.allocate(count * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) data.putFloat(i % 7 * 0.1f);
        return SpikeFileDataTest.npy("<f4", shape, data);
    }

    static byte[] npyOf(int[] shape, float... values) {
        ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) data.putFloat(v);
        return SpikeFileDataTest.npy("<f4", shape, data);
    }

    @Test
    void goldenArchivesWithEmptyOrShortArraysNameTheArray(@TempDir Path dir) throws Exception {
        Path model = TestData.model(dir.resolve("mlp.onnx"), Arch.MLP, 1);
        Map<String, int[][]> cases = new LinkedHashMap<>();
        cases.put("empty-input", new int[][] {{0}, {0, 10}});
        cases.put("empty-logits", new int[][] {{64, 1, 28, 28}, {0, 10}});
        cases.put("short-logits", new int[][] {{64, 1, 28, 28}, {63, 10}});
        for (var c : cases.entrySet()) {
            int[] is = c.getValue()[0], ls = c.getValue()[1];
            Map<String, byte[]> arrays = new LinkedHashMap<>();
            arrays.put("input", npy(is, java.util.Arrays.stream(is).reduce(1, (x, y) -> x * y)));
            arrays.put("logits", npy(ls, ls[0] * ls[1]));
            Path f = dir.resolve(c.getKey() + ".npz");
            SpikeFileDataTest.npz(f, arrays);
            Cli r = Cli.run("evaluate", model.toString(), "--golden", f.toString());
            assertRefused(r, f, c.getKey().endsWith("input") ? "'input'" : "'logits'");
        }
    }

    @Test
    void spikeArchiveWithAnEmptyInputsArrayNamesTheArray(@TempDir Path dir) throws Exception {
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("labels", npyOf(new int[] {2}, 0, 1));
        arrays.put("sample", npyOf(new int[] {1}, 0));
        arrays.put("time", npyOf(new int[] {1}, 0));
        arrays.put("index", npyOf(new int[] {1}, 0));
        arrays.put("timesteps", npyOf(new int[] {}, 4));
        arrays.put("inputs", npy(new int[] {0}, 0));
        Path f = dir.resolve("events.npz");
        SpikeFileDataTest.npz(f, arrays);
        Path model = TestData.model(dir.resolve("mlp.onnx"), Arch.MLP, 1);
        Cli r = Cli.run("evaluate", model.toString(), "--data", "npz:" + f);
        assertRefused(r, f, "'inputs'");
    }

    @Test
    void profileWithANonStringKeyOrInvalidUtf8IsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys.yaml");
        Files.writeString(keys, "name: chip\nspiking: true\nenergy_per_synop: 1 pJ\ntrue: 10 us\n");
        Path model = TestData.model(dir.resolve("mlp.onnx"), Arch.MLP, 1);
        Cli k = Cli.run("energy", model.toString(), "--profile", keys.toString());
        assertRefused(k, keys, "field name true is not a string", "boolean");

        Path utf = dir.resolve("utf.yaml");
        byte[] text = "name: chip\nspiking: true\nenergy_per_synop: 1 pJ\nsource: caf\u00e9\n".getBytes(StandardCharsets.UTF_8);
        text[text.length - 3] = (byte) 0x80; // the lead byte of the e-acute becomes a lone continuation byte
        Files.write(utf, text);
        Cli u = Cli.run("energy", model.toString(), "--profile", utf.toString());
        assertRefused(u, utf, "not UTF-8 text", "offset " + (text.length - 3));
        assertFalse(u.err.contains("MalformedInput"), u.toString());
    }

    @Test
    void internalErrorsAreExitOneAndNotBadInputAndTraceOnlyWithVerbose() {
        for (boolean verbose : new boolean[] {false, true}) {
            StringWriter err = new StringWriter();
            picocli.CommandLine cmd = Main.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(err, true));
            picocli.CommandLine.ParseResult parsed = cmd.parseArgs(verbose ? new String[] {"inspect", "x.snn", "--verbose"}
                : new String[] {"inspect", "x.snn"});
            int code = new ErrorHandler().handleExecutionException(new IllegalArgumentException("index -1"),
                cmd.getSubcommands().get("inspect"), parsed);
            assertEquals(ExitCodes.FAILURE, code);
            assertTrue(err.toString().contains("internal error, please report"), err.toString());
            assertEquals(verbose, err.toString().contains("\tat "), err.toString());
        }
        assertEquals(ExitCodes.INVALID_INPUT, ErrorHandler.exitCode(new org.spikeflow.data.DataException("f: bad")));
        assertEquals(ExitCodes.FAILURE, ErrorHandler.exitCode(new java.io.UncheckedIOException(new java.io.IOException("disk full"))));
    }

    /** Rewrites the shape of the population written as {@code writeUTF(name)} and fixes the checksum. */
    private static void patchShape(byte[] bytes, String name, int c, int h, int w) {
        byte[] utf = new byte[name.length() + 2];
        utf[1] = (byte) name.length();
        System.arraycopy(name.getBytes(StandardCharsets.US_ASCII), 0, utf, 2, name.length());
        int at = indexOf(bytes, utf);
        assertTrue(at > 0, name);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int shapeAt = at + utf.length + 1; // after the kind byte
        buf.putInt(shapeAt, c).putInt(shapeAt + 4, h).putInt(shapeAt + 8, w);
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        buf.putInt(bytes.length - 4, (int) crc.getValue());
    }

    @Test
    void networkFileWhosePopulationsInAllWouldExhaustTheHeapIsRefusedNamingTotalAndLimit(@TempDir Path dir) throws Exception {
        Population in = Population.input("input", Shape.flat(4));
        Population hidden = Population.spiking("hidden", Shape.chw(10, 1, 1), NeuronParams.IF_SOFT);
        Network net = Network.builder("n").add(in).add(hidden).connect(new DenseProjection("d", in, hidden, new float[40])).build();
        // each population 1 x 8192 x 8192 = 2^26, under --max-elements (2^27); 2^27 neurons in all would need about
        // 5 GB of engine state
        byte[] bytes = NetworkFile.toBytes(net);
        patchShape(bytes, "input", 1, 8192, 8192);
        patchShape(bytes, "hidden", 1, 8192, 8192);
        Path f = dir.resolve("huge.snn");
        Files.write(f, bytes);
        assertRefused(Cli.run("inspect", f.toString()), f, "134217728 neurons", "limit of 16777216", "--max-neurons");

        // the limit is what refused it: the real network, 14 neurons, against a limit of 13 and of 14
        Path small = dir.resolve("small.snn");
        NetworkFile.write(net, small);
        assertRefused(Cli.run("inspect", small.toString(), "--max-neurons", "13"), small, "14 neurons", "limit of 13", "--max-neurons");
        Cli ok = Cli.run("inspect", small.toString(), "--max-neurons", "14");
        assertEquals(ExitCodes.OK, ok.code, ok.toString());
        assertEquals(ExitCodes.USAGE, Cli.run("inspect", small.toString(), "--max-neurons", "0").code);
    }

    private static Onnx.ValueInfoProto onnxInfo(String name, long... dims) {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder();
        s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("N"));
        for (long d : dims) s.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        return Onnx.ValueInfoProto.newBuilder().setName(name).setType(Onnx.TypeProto.newBuilder()
            .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
    }

    @Test
    void onnxGraphWhoseLayersInAllWouldExhaustTheHeapIsRefusedNamingTotalAndLimit(@TempDir Path dir) throws Exception {
        // 64 x 512 x 512 = 2^24 elements per activation, each under --max-elements; input, hidden and output layer
        // together 3 x 2^24 = 50,331,648 neurons
        int c = 64;
        float[] w = new float[c * c];
        for (int i = 0; i < c; i++) w[i * c + i] = 1f;
        ByteBuffer raw = ByteBuffer.allocate(w.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(w);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName("w").setDataType(1)
            .setRawData(org.nd4j.shade.protobuf.ByteString.copyFrom(raw.array())).addDims(c).addDims(c).addDims(1).addDims(1);
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("wide").addInitializer(t)
            .addInput(onnxInfo("x", c, 512, 512)).addOutput(onnxInfo("y", c, 512, 512))
            .addNode(Onnx.NodeProto.newBuilder().setOpType("Conv").setName("conv1").addInput("x").addInput("w").addOutput("c1"))
            .addNode(Onnx.NodeProto.newBuilder().setOpType("Relu").setName("relu1").addInput("c1").addOutput("r1"))
            .addNode(Onnx.NodeProto.newBuilder().setOpType("Conv").setName("conv2").addInput("r1").addInput("w").addOutput("y"));
        Path f = dir.resolve("wide.onnx");
        Files.write(f, Onnx.ModelProto.newBuilder().setIrVersion(7)
            .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build().toByteArray());
        assertRefused(Cli.run("inspect", f.toString()), f, "50331648 neurons", "limit of 16777216", "--max-neurons");
        Cli raised = Cli.run("inspect", f.toString(), "--max-neurons", "50331648");
        assertEquals(ExitCodes.OK, raised.code, raised.toString());
    }

    @Test
    void onnxInputWithASymbolicChannelCountIsRefusedInPlainWords(@TempDir Path dir) throws Exception {
        Onnx.TensorShapeProto.Builder s = Onnx.TensorShapeProto.newBuilder()
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam("channels"))
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(28))
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder());
        Onnx.ValueInfoProto x = Onnx.ValueInfoProto.newBuilder().setName("x").setType(Onnx.TypeProto.newBuilder()
            .setTensorType(Onnx.TypeProto.Tensor.newBuilder().setElemType(1).setShape(s))).build();
        Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName("sym").addInput(x).addOutput(onnxInfo("y", 1, 28, 28))
            .addNode(Onnx.NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("x").addOutput("y"));
        Path f = dir.resolve("symbolic.onnx");
        Files.write(f, Onnx.ModelProto.newBuilder().setIrVersion(7)
            .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setVersion(13)).setGraph(g).build().toByteArray());
        Cli c = Cli.run("inspect", f.toString());
        assertRefused(c, f, "graph input 'x' has shape [batch, channels, 28, ?], unsupported");
        assertFalse(c.err.contains("dim_param"), "no protobuf text: " + c.err);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
