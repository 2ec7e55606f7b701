package org.spikeflow.cli.fuzz;

import onnx.Onnx;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/** One input format of the harness: how a mutant is made from its seed, and the real command that reads it. */
abstract class Format {
    private final String name;
    final Fixtures fx;

    Format(String name, Fixtures fx) {
        this.name = name;
        this.fx = fx;
    }

    String name() {
        return name;
    }

    /** Writes one mutant into {@code dir}; returns the path the command is given. */
    abstract Path mutant(SplittableRandom r, Path dir) throws IOException;

    /** The command line reading {@code input}, writing any output into {@code out}. */
    abstract String[] command(Path input, Path out);

    static Format of(String name, Fixtures fx) throws IOException {
        return switch (name) {
            case "onnx" -> new OnnxFormat(fx);
            case "hdf5" -> new Hdf5Format(fx);
            case "keras" -> new KerasFormat(fx);
            case "snn" -> new SnnFormat(fx);
            case "idx" -> new IdxFormat(fx);
            case "npz" -> new NpzFormat(fx);
            case "nir" -> new NirFormat(fx);
            case "profile" -> new TextFormat("profile", fx, fx.profile(), "profile.yaml",
                (in, out) -> new String[] {"energy", fx.report().toString(), "--profile", in.toString(), "--report", out.resolve("e.json").toString()});
            case "report" -> new TextFormat("report", fx, fx.report(), "report.json",
                (in, out) -> new String[] {"energy", in.toString(), "--report", out.resolve("e.json").toString()});
            default -> throw new IllegalArgumentException("unknown format " + name);
        };
    }

    static String[] evaluate(Path model, Path golden, Path out) {
        return new String[] {"evaluate", model.toString(), "--golden", golden.toString(), "--threads", "1", "--report",
            out.resolve("r.json").toString()};
    }

    /** ONNX: a third of the mutants edit the protobuf (dims, data types, attributes, inputs), the rest its bytes. */
    static final class OnnxFormat extends Format {
        private final byte[] seed;
        private final Onnx.ModelProto model;

        OnnxFormat(Fixtures fx) throws IOException {
            super("onnx", fx);
            seed = Files.readAllBytes(fx.onnx());
            model = Onnx.ModelProto.parseFrom(seed);
        }

        @Override
        Path mutant(SplittableRandom r, Path dir) throws IOException {
            byte[] b = r.nextInt(3) == 0 ? Mutators.bytes(seed, r, 4096) : structured(r).toByteArray();
            Path f = dir.resolve("model.onnx");
            Files.write(f, b);
            return f;
        }

        private Onnx.ModelProto structured(SplittableRandom r) {
            Onnx.ModelProto.Builder m = model.toBuilder();
            Onnx.GraphProto.Builder g = m.getGraphBuilder();
            int edits = 1 + r.nextInt(3);
            for (int k = 0; k < edits; k++) {
                switch (r.nextInt(7)) {
                    case 0, 1 -> { // initializer dims
                        Onnx.TensorProto.Builder t = g.getInitializerBuilder(r.nextInt(g.getInitializerCount()));
                        if (t.getDimsCount() > 0 && r.nextInt(4) > 0) {
                            t.setDims(r.nextInt(t.getDimsCount()), Mutators.INTERESTING_DIMS[r.nextInt(Mutators.INTERESTING_DIMS.length)]);
                        } else if (r.nextBoolean()) {
                            t.addDims(Mutators.INTERESTING_DIMS[r.nextInt(Mutators.INTERESTING_DIMS.length)]);
                        } else {
                            t.clearDims();
                        }
                    }
                    case 2 -> { // data type, raw data length, external data
                        Onnx.TensorProto.Builder t = g.getInitializerBuilder(r.nextInt(g.getInitializerCount()));
                        switch (r.nextInt(3)) {
                            case 0 -> t.setDataType(new int[] {0, 2, 6, 7, 10, 11, 16}[r.nextInt(7)]);
                            case 1 -> t.setRawData(t.getRawData().substring(0, r.nextInt(t.getRawData().size() + 1)));
                            default -> {
                                t.setDataLocation(Onnx.TensorProto.DataLocation.EXTERNAL);
                                t.addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey("location")
                                    .setValue(new String[] {"weights.bin", "../../etc/passwd", "", "/dev/zero", "x\u0000y"}[r.nextInt(5)]));
                                if (r.nextBoolean()) {
                                    t.addExternalData(Onnx.StringStringEntryProto.newBuilder().setKey(r.nextBoolean() ? "offset" : "length")
                                        .setValue(new String[] {"-1", "9223372036854775807", "abc", "0", "4"}[r.nextInt(5)]));
                                }
                            }
                        }
                    }
                    case 3 -> { // node attributes (kernel, strides, pads, axis)
                        Onnx.NodeProto.Builder n = g.getNodeBuilder(r.nextInt(g.getNodeCount()));
                        if (n.getAttributeCount() == 0) break;
                        Onnx.AttributeProto.Builder a = n.getAttributeBuilder(r.nextInt(n.getAttributeCount()));
                        if (a.getIntsCount() > 0) {
                            a.setInts(r.nextInt(a.getIntsCount()), Mutators.INTERESTING_DIMS[r.nextInt(Mutators.INTERESTING_DIMS.length)]);
                        } else {
                            a.setI(Mutators.INTERESTING_DIMS[r.nextInt(Mutators.INTERESTING_DIMS.length)]);
                        }
                    }
                    case 4 -> { // graph input shape
                        Onnx.TensorShapeProto.Builder s = g.getInputBuilder(0).getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
                        if (s.getDimCount() > 0) {
                            s.getDimBuilder(r.nextInt(s.getDimCount())).setDimValue(Mutators.INTERESTING_DIMS[r.nextInt(Mutators.INTERESTING_DIMS.length)]);
                        }
                    }
                    case 5 -> { // remove a node or an initializer
                        if (r.nextBoolean() && g.getNodeCount() > 1) g.removeNode(r.nextInt(g.getNodeCount()));
                        else if (g.getInitializerCount() > 0) g.removeInitializer(r.nextInt(g.getInitializerCount()));
                    }
                    default -> { // rewire an input
                        Onnx.NodeProto.Builder n = g.getNodeBuilder(r.nextInt(g.getNodeCount()));
                        if (n.getInputCount() > 0) {
                            Onnx.NodeProto other = g.getNode(r.nextInt(g.getNodeCount()));
                            n.setInput(r.nextInt(n.getInputCount()), other.getOutputCount() > 0 ? other.getOutput(0) : "");
                        }
                    }
                }
            }
            return m.build();
        }

        @Override
        String[] command(Path input, Path out) {
            return evaluate(input, fx.golden(), out);
        }
    }

    /** Keras HDF5: byte edits, half of them in the first 64 KiB (superblock, object headers) or in model_config. */
    static final class Hdf5Format extends Format {
        private final byte[] seed;
        private final int config;

        Hdf5Format(Fixtures fx) throws IOException {
            super("hdf5", fx);
            seed = Files.readAllBytes(fx.h5());
            config = indexOf(seed, "{\"class_name\"".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        Path mutant(SplittableRandom r, Path dir) throws IOException {
            byte[] b;
            if (config >= 0 && r.nextInt(3) == 0) {
                // edit the model_config JSON in place (same length, so the HDF5 structure stays intact)
                b = seed.clone();
                int end = config;
                while (end < b.length && b[end] != 0) end++;
                byte[] json = java.util.Arrays.copyOfRange(b, config, end);
                byte[] m = Mutators.text(new String(json, StandardCharsets.UTF_8), r);
                System.arraycopy(m, 0, b, config, Math.min(m.length, json.length));
                for (int i = config + m.length; i < end; i++) b[i] = ' ';
            } else {
                b = Mutators.bytes(seed, r, 1 << 16);
            }
            Path f = dir.resolve("model.h5");
            Files.write(f, b);
            return f;
        }

        @Override
        String[] command(Path input, Path out) {
            return evaluate(input, fx.golden(), out);
        }
    }

    /** Keras 3 archives: the zip's bytes, the config text, or the weights' HDF5 bytes, re-zipped. */
    static final class KerasFormat extends Format {
        private final byte[] seed;
        private final Map<String, byte[]> entries;

        KerasFormat(Fixtures fx) throws IOException {
            super("keras", fx);
            seed = Files.readAllBytes(fx.keras());
            entries = Mutators.unzip(seed);
        }

        @Override
        Path mutant(SplittableRandom r, Path dir) throws IOException {
            byte[] b;
            switch (r.nextInt(3)) {
                case 0 -> b = Mutators.bytes(seed, r, seed.length);
                case 1 -> {
                    Map<String, byte[]> e = new java.util.LinkedHashMap<>(entries);
                    e.put("config.json", Mutators.text(new String(e.get("config.json"), StandardCharsets.UTF_8), r));
                    b = Mutators.zip(e, r.nextBoolean());
                }
                default -> {
                    Map<String, byte[]> e = new java.util.LinkedHashMap<>(entries);
                    e.put("model.weights.h5", Mutators.bytes(e.get("model.weights.h5"), r, 4096));
                    b = Mutators.zip(e, r.nextBoolean());
                }
            }
            Path f = dir.resolve("model.keras");
            Files.write(f, b);
            return f;
        }

        @Override
        String[] command(Path input, Path out) {
            return new String[] {"convert", input.toString(), "-o", out.resolve("n.snn").toString(), "--calibration", "idx:" + fx.idx(), "--calibration-split", "train",
                "--threads", "1"};
        }
    }

    /** Network files: byte edits, most with the checksum rewritten so they reach the parser and the graph checks. */
    static final class SnnFormat extends Format {
        private final byte[] seed;

        SnnFormat(Fixtures fx) throws IOException {
            super("snn", fx);
            seed = Files.readAllBytes(fx.snn());
        }

        @Override
        Path mutant(SplittableRandom r, Path dir) throws IOException {
            byte[] b = Mutators.bytes(seed, r, 2048);
            if (r.nextInt(10) < 8) b = Mutators.fixSnnChecksum(b);
            Path f = dir.resolve("net.snn");
            Files.write(f, b);
            return f;
        }

        @Override
        String[] command(Path input, Path out) {
            return new String[] {"simulate", input.toString(), "--data", "idx:" + fx.idx(), "--first", "4", "--timesteps", "4",
                "--checkpoints", "4", "--threads", "1", "--report", out.resolve("r.json").toString()};
        }
    }

    /** IDX data sets: one of the four files edited (headers most often), plain or re-compressed. */
    static final class IdxFormat extends Format {
        IdxFormat(Fixtures fx) {
            super("idx", fx);
        }

        @Override
        Path mutant(SplittableRandom r, Path dir) throws IOException {
            Path d = dir.resolve("idx");
            Files.createDirectories(d);
            List<Path> files = new ArrayList<>();
            try (var s = Files.list(fx.idx())) {
                s.sorted().forEach(files::add);
            }
            Path victim = files.get(r.nextInt(files.size()));
            boolean gz = r.nextInt(3) == 0;
            for (Path f : files) {
                byte[] b = Files.readAllBytes(f);
                if (f.equals(victim)) b = Mutators.bytes(b, r, 16);
                if (gz) {
                    java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
                    try (GZIPOutputStream z = new GZIPOutputStream(o)) {
                        z.write(b);
                    }
                    b = o.toByteArray();
                    if (f.equals(victim) && r.nextInt(4) == 0) b = Mutators.bytes(b, r, b.length); // a damaged archive
                    Files.write(d.resolve(f.getFileName() + ".gz"), b);
                } else {
                    Files.write(d.resolve(f.getFileName()), b);
                }
            }
            return d;
        }

        @Override
        String[] command(Path input, Path out) {
            return new String[] {"evaluate", fx.onnx().toString(), "--data", "idx:" + input, "--threads", "1", "--report",
                out.resolve("r.json").toString()};
        }
    }

    /** Golden archives: an array's header or data edited and re-zipped, or the zip's own bytes. */
    static final class NpzFormat extends Format {
        private final byte[] seed;
        private final Map<String, byte[]> entries;

        NpzFormat(Fixtures fx) throws IOException {
            super("npz", fx);
            seed = Files.readAllBytes(fx.golden());
            entries = Mutators.unzip(seed);
        }

        @Override
        Path mutant(SplittableRandom r, Path dir) throws IOException {
            byte[] b;
            if (r.nextInt(4) == 0) {
                b = Mutators.bytes(seed, r, seed.length);
            } else {
                Map<String, byte[]> e = new java.util.LinkedHashMap<>(entries);
                List<String> names = new ArrayList<>(e.keySet());
                String victim = names.get(r.nextInt(names.size()));
                byte[] a = e.get(victim);
                if (r.nextBoolean()) {
                    // the header's shape tuple: (64, 10) -> (0, 10), (63, 10), (0,), ...
                    String h = new String(a, 0, Math.min(a.length, 128), StandardCharsets.ISO_8859_1);
                    int s = h.indexOf("'shape': (");
                    int t = h.indexOf(')', s);
                    if (s >= 0 && t > s) {
                        String shape = new String[] {"0,", "0, 10", "63, 10", "64, 9", "2147483647, 10", "64, 1, 28", "-1, 10", "", "64,", "1"}[r.nextInt(10)];
                        String nh = h.substring(0, s + 10) + shape + h.substring(t);
                        int pad = h.length() - nh.length();
                        int nl = nh.lastIndexOf('\n');
                        if (pad > 0 && nl > 0) nh = nh.substring(0, nl) + " ".repeat(pad) + nh.substring(nl);
                        byte[] nb = nh.getBytes(StandardCharsets.ISO_8859_1);
                        byte[] c = new byte[a.length - h.length() + nb.length];
                        System.arraycopy(nb, 0, c, 0, nb.length);
                        System.arraycopy(a, h.length(), c, nb.length, a.length - h.length());
                        a = c;
                    } else {
                        a = Mutators.bytes(a, r, 128);
                    }
                } else {
                    a = Mutators.bytes(a, r, 128);
                }
                e.put(victim, a);
                if (r.nextInt(8) == 0) e.remove(names.get(r.nextInt(names.size())));
                b = Mutators.zip(e, r.nextBoolean());
            }
            Path f = dir.resolve("golden.npz");
            Files.write(f, b);
            return f;
        }

        @Override
        String[] command(Path input, Path out) {
            return evaluate(fx.onnx(), input, out);
        }
    }

    /**
     * NIR graphs (HDF5), seeded from every {@code ../shared/fixtures/nir/*.nir}: half the mutants edit the file's bytes
     * (the first 4 KiB most often: superblock and object headers), half edit the graph read from it (a parameter's
     * values or shape, an input shape, a node's type, a removed node, a rewired edge) and write it back, so the edits
     * reach the importer's checks; converted with {@code snn convert}.
     */
    static final class NirFormat extends Format {
        private final List<byte[]> seeds = new ArrayList<>();
        private final List<org.spikeflow.converter.nir.NirGraph> graphs = new ArrayList<>();

        NirFormat(Fixtures fx) throws IOException {
            super("nir", fx);
            try (var s = Files.list(fx.nir())) {
                for (Path f : s.filter(p -> p.toString().endsWith(".nir")).sorted().toList()) {
                    seeds.add(Files.readAllBytes(f));
                    graphs.add(org.spikeflow.converter.nir.NirFile.read(f));
                }
            }
            if (seeds.isEmpty()) throw new IOException(fx.nir() + ": no .nir fixtures");
        }

        @Override
        Path mutant(SplittableRandom r, Path dir) throws IOException {
            Path f = dir.resolve("graph.nir");
            int k = r.nextInt(seeds.size());
            if (r.nextBoolean()) {
                try {
                    org.spikeflow.converter.nir.NirFile.write(structured(graphs.get(k), r), f);
                    return f;
                } catch (org.spikeflow.converter.ModelException e) {
                    // a graph the HDF5 writer cannot store (an empty name, say): a byte mutant instead
                }
            }
            Files.write(f, Mutators.bytes(seeds.get(k), r, 4096));
            return f;
        }

        private static org.spikeflow.converter.nir.NirGraph structured(org.spikeflow.converter.nir.NirGraph g, SplittableRandom r) {
            java.util.Map<String, org.spikeflow.converter.nir.NirNode> nodes = new java.util.LinkedHashMap<>(g.nodes());
            List<org.spikeflow.converter.nir.NirEdge> edges = new ArrayList<>(g.edges());
            List<String> names = new ArrayList<>(nodes.keySet());
            int edits = 1 + r.nextInt(3);
            for (int e = 0; e < edits && !names.isEmpty(); e++) {
                String name = names.get(r.nextInt(names.size()));
                org.spikeflow.converter.nir.NirNode n = nodes.get(name);
                if (n == null) continue;
                switch (r.nextInt(6)) {
                    case 0, 1 -> { // one parameter's values: hostile numbers, or a shape of interesting sizes
                        if (n.arrays().isEmpty()) break;
                        List<String> keys = new ArrayList<>(n.arrays().keySet());
                        String key = keys.get(r.nextInt(keys.size()));
                        org.spikeflow.converter.nir.NirArray a = n.arrays().get(key);
                        org.spikeflow.converter.nir.NirArray b;
                        if (r.nextBoolean() && a.size() > 0) {
                            double[] v = a.values().clone();
                            double[] hostile = {0, -1, Double.NaN, Double.POSITIVE_INFINITY, 1e30, -1e-30, 65537, 1L << 31};
                            for (int j = 0, m = 1 + r.nextInt(4); j < m; j++) v[r.nextInt(v.length)] = hostile[r.nextInt(hostile.length)];
                            b = new org.spikeflow.converter.nir.NirArray(a.shape(), v, a.float64(), a.integer());
                        } else {
                            int rank = r.nextInt(4);
                            int[] shape = new int[rank];
                            long size = 1;
                            for (int d = 0; d < rank; d++) {
                                shape[d] = new int[] {0, 1, 2, 3, 34, 65537}[r.nextInt(6)];
                                size *= shape[d];
                            }
                            // keep the mutant small in memory and on disk: the nested Java array has a row per
                            // leading index even where a later dimension is 0
                            for (int d = 0; d < rank; d++) {
                                long rows = 1;
                                for (int x : shape) rows *= Math.max(1, x);
                                if (rows <= 1 << 20) break;
                                shape[d] = Math.min(shape[d], 1);
                            }
                            size = 1;
                            for (int x : shape) size *= x;
                            b = new org.spikeflow.converter.nir.NirArray(shape, new double[(int) size], a.float64(), a.integer());
                        }
                        java.util.Map<String, org.spikeflow.converter.nir.NirArray> arrays = new java.util.LinkedHashMap<>(n.arrays());
                        arrays.put(key, b);
                        nodes.put(name, new org.spikeflow.converter.nir.NirNode(n.name(), n.type(), n.typeName(), arrays, n.strings()));
                    }
                    case 2 -> { // an input or output shape of absurd sizes (a declared size no file length bounds)
                        if (!n.arrays().containsKey("shape")) break;
                        long[] v = new long[1 + r.nextInt(3)];
                        for (int d = 0; d < v.length; d++) v[d] = Mutators.INTERESTING_DIMS[r.nextInt(Mutators.INTERESTING_DIMS.length)];
                        java.util.Map<String, org.spikeflow.converter.nir.NirArray> arrays = new java.util.LinkedHashMap<>(n.arrays());
                        arrays.put("shape", org.spikeflow.converter.nir.NirArray.longs(v));
                        nodes.put(name, new org.spikeflow.converter.nir.NirNode(n.name(), n.type(), n.typeName(), arrays, n.strings()));
                    }
                    case 3 -> { // another node type's name
                        String[] types = {"LIF", "IF", "CubaLIF", "Affine", "Linear", "Conv2d", "SumPool2d", "Flatten", "Input",
                            "Output", "Delay", "NIRGraph", "", "Threshold", "Scale", "I", "LI"};
                        String t = types[r.nextInt(types.length)];
                        nodes.put(name, new org.spikeflow.converter.nir.NirNode(n.name(), org.spikeflow.converter.nir.NirType.byFileName(t), t,
                            n.arrays(), n.strings()));
                    }
                    case 4 -> nodes.remove(name);
                    default -> { // rewire or drop an edge, or add one to a missing node
                        if (edges.isEmpty()) break;
                        int i = r.nextInt(edges.size());
                        org.spikeflow.converter.nir.NirEdge old = edges.get(i);
                        switch (r.nextInt(3)) {
                            case 0 -> edges.remove(i);
                            case 1 -> edges.set(i, new org.spikeflow.converter.nir.NirEdge(old.source(), names.get(r.nextInt(names.size()))));
                            default -> edges.add(new org.spikeflow.converter.nir.NirEdge(name, "missing"));
                        }
                    }
                }
            }
            return new org.spikeflow.converter.nir.NirGraph(g.version(), nodes, edges, g.metadata());
        }

        @Override
        String[] command(Path input, Path out) {
            return new String[] {"convert", input.toString(), "-o", out.resolve("n.snn").toString()};
        }
    }

    /** YAML profiles and JSON reports: text edits (hostile tokens, non-string keys, broken structure, bad UTF-8). */
    static final class TextFormat extends Format {
        private final String seed;
        private final String file;
        private final java.util.function.BiFunction<Path, Path, String[]> command;

        TextFormat(String name, Fixtures fx, Path seed, String file, java.util.function.BiFunction<Path, Path, String[]> command)
            throws IOException {
            super(name, fx);
            this.seed = Files.readString(seed);
            this.file = file;
            this.command = command;
        }

        @Override
        Path mutant(SplittableRandom r, Path dir) throws IOException {
            Path f = dir.resolve(file);
            Files.write(f, Mutators.text(seed, r));
            return f;
        }

        @Override
        String[] command(Path input, Path out) {
            return command.apply(input, out);
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
