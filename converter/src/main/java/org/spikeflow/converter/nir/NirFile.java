package org.spikeflow.converter.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import org.spikeflow.converter.ModelException;
import org.spikeflow.io.AtomicFiles;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NIR files (HDF5): a root dataset {@code version} and a group {@code node} holding the graph ({@code type} =
 * "NIRGraph", {@code edges} as an N x 2 array of names, {@code nodes/NAME/} groups each with a {@code type} string
 * and its parameter datasets). Read and written with jhdf; strings are written fixed-length (h5py and the
 * reference reader read them as bytes, which is what they compare against).
 */
public final class NirFile {
    /** The NIR format version this writer follows. */
    public static final String VERSION = "0.2.0";
    /** Largest dataset read (values): a bigger one is refused before anything is allocated. */
    static final long MAX_VALUES = 1L << 28;

    private NirFile() {
    }

    public static boolean isNir(Path file) {
        return file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".nir");
    }

    /** Reads a NIR file; any problem is one {@link ModelException} naming the file and what is wrong. */
    public static NirGraph read(Path file) {
        if (!Files.exists(file)) throw new ModelException(file + ": no such file");
        try (HdfFile h = org.spikeflow.converter.Hdf5Input.open(file)) {
            Node root = h.getChild("node");
            if (!(root instanceof Group g)) {
                throw new NirException("no 'node' group (not a NIR graph)");
            }
            String version = h.getChild("version") instanceof Dataset d ? string(d, "version") : "";
            String type = g.getChild("type") instanceof Dataset t ? string(t, "node/type") : null;
            if (type == null) throw new NirException("the graph group 'node' has no 'type'");
            if (!type.equals("NIRGraph")) throw new NirException("'node' is a " + type + ", not a NIRGraph");
            if (!(g.getChild("nodes") instanceof Group nodesGroup)) throw new NirException("the graph has no 'nodes' group");
            Map<String, NirNode> nodes = new LinkedHashMap<>();
            for (Node n : nodesGroup.getChildren().values()) {
                if (!(n instanceof Group ng)) throw new NirException("'nodes/" + n.getName() + "' is not a group");
                nodes.put(n.getName(), node(ng));
            }
            List<NirEdge> edges = new ArrayList<>();
            Node e = g.getChild("edges");
            if (e instanceof Dataset ed) edges = edges(ed);
            else if (e != null) throw new NirException("'edges' is not a dataset");
            Map<String, String> meta = new LinkedHashMap<>();
            if (g.getChild("metadata") instanceof Group mg) {
                for (Node m : mg.getChildren().values()) {
                    if (m instanceof Dataset md) meta.put(m.getName(), text(md));
                }
            }
            return new NirGraph(version, nodes, edges, meta);
        } catch (NirException x) {
            throw new ModelException(file + ": " + x.getMessage());
        } catch (ModelException x) {
            throw x;
        } catch (IOException x) {
            throw new ModelException(file + ": cannot be read (" + x.getMessage() + ")", x);
        } catch (RuntimeException x) {
            throw new ModelException(file + ": not a readable NIR (HDF5) file: " + x.getMessage(), x);
        }
    }

    private static NirNode node(Group g) {
        String name = g.getName();
        Node t = g.getChild("type");
        if (!(t instanceof Dataset td)) throw new NirException("node '" + name + "' has no 'type'");
        String typeName = string(td, "nodes/" + name + "/type");
        NirType type = NirType.byFileName(typeName);
        Map<String, NirArray> arrays = new LinkedHashMap<>();
        Map<String, String> strings = new LinkedHashMap<>();
        for (Node c : g.getChildren().values()) {
            if (c.getName().equals("type") || !(c instanceof Dataset d)) continue;
            if (d.getJavaType() == String.class) {
                strings.put(c.getName(), text(d));
            } else {
                arrays.put(c.getName(), numbers(d, name));
            }
        }
        return new NirNode(name, type, typeName, arrays, strings);
    }

    private static String string(Dataset d, String what) {
        if (d.getJavaType() != String.class) throw new NirException("'" + what + "' is not a string");
        return text(d);
    }

    private static String text(Dataset d) {
        Object o = d.getData();
        if (o instanceof String s) return s;
        if (o != null && o.getClass().isArray() && Array.getLength(o) == 1) return String.valueOf(Array.get(o, 0));
        return String.valueOf(o);
    }

    private static NirArray numbers(Dataset d, String node) {
        int[] dims = d.getDimensions();
        long n = 1;
        for (int x : dims) n *= x;
        if (n > MAX_VALUES) {
            throw new NirException("node '" + node + "': dataset '" + d.getName() + "' has " + n + " values (more than " + MAX_VALUES + ")");
        }
        Class<?> jt = d.getJavaType();
        boolean integer = jt == long.class || jt == int.class || jt == short.class || jt == byte.class
            || jt == Long.class || jt == Integer.class || jt == Short.class || jt == Byte.class;
        boolean f64 = jt == double.class || jt == Double.class;
        if (!integer && !f64 && jt != float.class && jt != Float.class && jt != boolean.class && jt != Boolean.class) {
            throw new NirException("node '" + node + "': dataset '" + d.getName() + "' holds " + jt.getSimpleName() + ", not numbers");
        }
        double[] v = new double[(int) n];
        int[] pos = {0};
        flatten(d.getData(), v, pos);
        if (pos[0] != n) throw new NirException("node '" + node + "': dataset '" + d.getName() + "' is truncated");
        return new NirArray(dims, v, f64, integer);
    }

    private static void flatten(Object o, double[] out, int[] pos) {
        if (o == null) return;
        if (o instanceof double[] a) { for (double x : a) out[pos[0]++] = x; return; }
        if (o instanceof float[] a) { for (float x : a) out[pos[0]++] = x; return; }
        if (o instanceof long[] a) { for (long x : a) out[pos[0]++] = x; return; }
        if (o instanceof int[] a) { for (int x : a) out[pos[0]++] = x; return; }
        if (o instanceof short[] a) { for (short x : a) out[pos[0]++] = x; return; }
        if (o instanceof byte[] a) { for (byte x : a) out[pos[0]++] = x; return; }
        if (o instanceof boolean[] a) { for (boolean x : a) out[pos[0]++] = x ? 1 : 0; return; }
        if (o instanceof Object[] a) { for (Object x : a) flatten(x, out, pos); return; }
        if (o instanceof Number x) { out[pos[0]++] = x.doubleValue(); return; }
        if (o instanceof Boolean x) { out[pos[0]++] = x ? 1 : 0; return; }
        throw new NirException("unexpected dataset content " + o.getClass().getSimpleName());
    }

    private static List<NirEdge> edges(Dataset d) {
        if (d.getJavaType() != String.class) throw new NirException("'edges' does not hold node names");
        int[] dims = d.getDimensions();
        if (dims.length == 1 && dims[0] == 0) return List.of();
        if (dims.length != 2 || dims[1] != 2) {
            throw new NirException("'edges' must be an N x 2 array of node names, got shape " + java.util.Arrays.toString(dims));
        }
        Object o = d.getData();
        List<NirEdge> r = new ArrayList<>();
        for (int i = 0; i < dims[0]; i++) {
            Object row = Array.get(o, i);
            r.add(new NirEdge(String.valueOf(Array.get(row, 0)), String.valueOf(Array.get(row, 1))));
        }
        return r;
    }

    /**
     * Writes a NIR file atomically ({@link AtomicFiles}: a hidden temporary file beside it, moved into place; a run killed
     * on the way leaves no partial file, and the next write to the same file removes the dead run's temporary file).
     */
    public static void write(NirGraph graph, Path file) {
        try {
            AtomicFiles.writeFile(file, tmp -> {
                try (WritableHdfFile h = HdfFile.write(tmp)) {
                    h.putDataset("version", graph.version());
                    WritableGroup g = h.putGroup("node");
                    g.putDataset("type", NirType.NIR_GRAPH.fileName());
                    String[][] edges = new String[graph.edges().size()][];
                    for (int i = 0; i < edges.length; i++) edges[i] = new String[] {graph.edges().get(i).source(), graph.edges().get(i).target()};
                    g.putDataset("edges", edges);
                    WritableGroup nodes = g.putGroup("nodes");
                    for (NirNode n : graph.nodes().values()) {
                        WritableGroup ng = nodes.putGroup(n.name());
                        ng.putDataset("type", n.typeName());
                        for (Map.Entry<String, NirArray> a : n.arrays().entrySet()) ng.putDataset(a.getKey(), data(a.getValue()));
                        for (Map.Entry<String, String> s : n.strings().entrySet()) ng.putDataset(s.getKey(), s.getValue());
                    }
                    if (!graph.metadata().isEmpty()) {
                        WritableGroup m = g.putGroup("metadata");
                        for (Map.Entry<String, String> s : graph.metadata().entrySet()) m.putDataset(s.getKey(), s.getValue());
                    }
                }
            });
        } catch (IOException | RuntimeException e) {
            throw new ModelException(file + ": cannot write NIR file: " + e.getMessage(), e);
        }
    }

    /** A Java array of the dataset's shape and type (float, double or long), or a boxed scalar for rank 0. */
    static Object data(NirArray a) {
        Class<?> leaf = a.integer() ? long.class : a.float64() ? double.class : float.class;
        if (a.rank() == 0) {
            double v = a.get(0);
            return a.integer() ? (Object) (long) v : a.float64() ? (Object) v : (Object) (float) v;
        }
        Object arr = Array.newInstance(leaf, a.shape());
        int[] pos = {0};
        fill(arr, a, pos);
        return arr;
    }

    private static void fill(Object arr, NirArray a, int[] pos) {
        if (arr instanceof float[] f) { for (int i = 0; i < f.length; i++) f[i] = (float) a.get(pos[0]++); return; }
        if (arr instanceof double[] f) { for (int i = 0; i < f.length; i++) f[i] = a.get(pos[0]++); return; }
        if (arr instanceof long[] f) { for (int i = 0; i < f.length; i++) f[i] = (long) a.get(pos[0]++); return; }
        for (Object sub : (Object[]) arr) fill(sub, a, pos);
    }
}
