package org.spikeflow.converter.nir;

import org.spikeflow.converter.ModelException;
import org.spikeflow.graph.AvgPoolProjection;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.GraphException;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.Window;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A NIR graph as a spiking network. Neuron nodes (IF, LIF, LI, Integrator, Threshold) become populations; the
 * chain of stateless nodes between two of them (Affine, Linear, Conv1d/Conv2d, SumPool2d/AvgPool2d, Flatten, Scale)
 * becomes one projection, with the target neuron's input gain ({@code R}, and {@code dt / tau} for leaky nodes) in
 * its weights and the chain's bias and the neuron's {@code v_leak} as the population's per-timestep bias current.
 * A pooling followed by a weighted node folds into it (the pooled map is never a population). Everything is
 * checked before the network is built: unknown and unsupported nodes (listed all at once), dangling edges, shapes
 * along every edge.
 */
public final class NirImporter {
    /** The NIR paper's timestep (seconds). */
    public static final double DEFAULT_DT_S = 1e-4;

    /**
     * @param dtSeconds      the timestep, in the unit of the file's time constants (seconds)
     * @param discretization how leaky nodes are discretized
     */
    public record Options(double dtSeconds, Discretization discretization) {
        public Options {
            if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) throw new IllegalArgumentException("--dt must be > 0, got " + dtSeconds);
            if (discretization == null) throw new IllegalArgumentException("discretization is required");
        }

        public static Options defaults() {
            return new Options(DEFAULT_DT_S, Discretization.EULER);
        }
    }

    private final NirGraph g;
    private final Options o;
    private final Map<String, int[]> outShapes = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();
    private final List<String> notes = new ArrayList<>();

    private NirImporter(NirGraph g, Options o) {
        this.g = g;
        this.o = o;
    }

    public static Network load(Path file, Options options) {
        NirGraph g = NirFile.read(file);
        return toNetwork(g, file.getFileName().toString(), options, file.toString());
    }

    /** Maps a graph read from {@code what}; problems are one {@link ModelException} naming {@code what}. */
    public static Network toNetwork(NirGraph g, String name, Options options, String what) {
        try {
            return new NirImporter(g, options).build(name);
        } catch (NirException e) {
            throw new ModelException(what + ": " + e.getMessage());
        } catch (GraphException e) {
            throw new ModelException(what + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- checks

    private void checkNodesAndEdges() {
        List<String> unknown = new ArrayList<>();
        List<String> unsupported = new ArrayList<>();
        for (NirNode n : g.nodes().values()) {
            if (n.type() == null) unknown.add(n.describe());
            else if (!n.type().supported()) unsupported.add(n.describe());
        }
        if (!unknown.isEmpty() || !unsupported.isEmpty()) {
            StringBuilder b = new StringBuilder();
            if (!unknown.isEmpty()) b.append("unknown NIR node type").append(unknown.size() > 1 ? "s: " : ": ").append(String.join(", ", unknown));
            if (!unsupported.isEmpty()) {
                if (b.length() > 0) b.append("; ");
                b.append("unsupported NIR node").append(unsupported.size() > 1 ? "s: " : ": ").append(String.join(", ", unsupported));
            }
            throw new NirException(b.toString());
        }
        for (NirEdge e : g.edges()) {
            for (String end : new String[] {e.source(), e.target()}) {
                if (!g.nodes().containsKey(end)) {
                    throw new NirException("edge " + e + " names node '" + end + "', which the graph does not have (dangling edge)");
                }
            }
        }
        int inputs = 0;
        int outputs = 0;
        for (NirNode n : g.nodes().values()) {
            if (n.type() == NirType.INPUT) inputs++;
            if (n.type() == NirType.OUTPUT) outputs++;
            List<NirEdge> in = g.incoming(n.name());
            List<NirEdge> out = g.outgoing(n.name());
            switch (n.type().role()) {
                case INPUT -> {
                    if (!in.isEmpty()) throw new NirException("input node " + n.describe() + " receives edge " + in.get(0));
                }
                case OUTPUT -> {
                    if (in.size() != 1) throw new NirException("output node " + n.describe() + " has " + in.size() + " incoming edges (needs one)");
                    if (!out.isEmpty()) throw new NirException("output node " + n.describe() + " has outgoing edge " + out.get(0));
                }
                case SYNAPSE -> {
                    if (in.size() != 1) {
                        throw new NirException("node " + n.describe() + " has " + in.size() + " incoming edges; a stateless node needs exactly one"
                            + " (sum several inputs in a neuron node)");
                    }
                    if (out.isEmpty()) throw new NirException("node " + n.describe() + " leads nowhere (no outgoing edge)");
                }
                case NEURON -> {
                    if (in.isEmpty()) throw new NirException("neuron node " + n.describe() + " receives no edge");
                }
                default -> throw new NirException("node " + n.describe() + " cannot be imported");
            }
        }
        if (inputs != 1) throw new NirException("the graph has " + inputs + " Input nodes (needs exactly one)");
        if (outputs != 1) throw new NirException("the graph has " + outputs + " Output nodes (needs exactly one)");
    }

    // ---------------------------------------------------------------- shapes

    /** Output shape of a node (NIR order, no batch dimension). */
    private int[] outShape(NirNode n) {
        int[] s = outShapes.get(n.name());
        if (s != null) return s;
        if (!visiting.add(n.name())) {
            throw new NirException("node " + n.describe() + " lies on a cycle without a neuron node");
        }
        s = switch (n.type()) {
            case INPUT, OUTPUT -> positive(n, n.array("shape").ints());
            case AFFINE, LINEAR -> {
                NirArray w = n.array("weight");
                if (w.rank() != 2) throw new NirException("node " + n.describe() + ": weight must be 2-D (out, in), got " + w.shapeText());
                yield new int[] {w.shape()[0]};
            }
            case CONV2D, CONV1D -> convOutput(n, convInput(n));
            case SUM_POOL2D, AVG_POOL2D -> poolOutput(n, inShape(n));
            case FLATTEN -> flatten(n, inShape(n));
            case SCALE -> inShape(n);
            case IF, LIF, LI, INTEGRATOR, THRESHOLD, CUBA_LIF, CUBA_LI -> neuronShape(n);
            default -> throw new NirException("node " + n.describe() + " cannot be imported");
        };
        visiting.remove(n.name());
        outShapes.put(n.name(), s);
        return s;
    }

    private static int[] positive(NirNode n, int[] s) {
        for (int d : s) if (d < 1) throw new NirException("node " + n.describe() + " has shape " + Arrays.toString(s));
        return s;
    }

    /** The shape the node's single predecessor delivers. */
    private int[] inShape(NirNode n) {
        List<NirEdge> in = g.incoming(n.name());
        return outShape(g.nodes().get(in.get(0).source()));
    }

    private static String paramFor(NirType t) {
        return switch (t) {
            case IF, LIF, CUBA_LIF -> "v_threshold";
            case CUBA_LI -> "tau_mem";
            case INTEGRATOR -> "r";
            case LI -> "tau";
            case THRESHOLD -> "threshold";
            default -> throw new IllegalArgumentException(t.toString());
        };
    }

    private int[] neuronShape(NirNode n) {
        NirArray p = n.array(paramFor(n.type()));
        if (p.size() > 1) return p.shape().length == 0 ? new int[] {1} : p.shape();
        // a single value: the neuron takes its input's shape
        for (NirEdge e : g.incoming(n.name())) {
            NirNode src = g.nodes().get(e.source());
            if (!visiting.contains(src.name())) return outShape(src);
        }
        return new int[] {1};
    }

    private int[] convInput(NirNode n) {
        NirArray w = n.array("weight");
        int spatial = n.type() == NirType.CONV2D ? 2 : 1;
        if (w.rank() != 2 + spatial) {
            throw new NirException("node " + n.describe() + ": weight must be " + (2 + spatial) + "-D (out, in/groups, kernel...), got " + w.shapeText());
        }
        int groups = n.has("groups") ? (int) n.array("groups").get(0) : 1;
        if (groups < 1 || w.shape()[0] % groups != 0) throw new NirException("node " + n.describe() + ": " + groups + " groups do not divide " + w.shape()[0] + " output channels");
        int[] in = inShape(n);
        if (n.has("input_shape")) {
            int[] is = n.array("input_shape").ints();
            int[] expected = new int[1 + is.length];
            expected[0] = w.shape()[1] * groups;
            System.arraycopy(is, 0, expected, 1, is.length);
            if (!Arrays.equals(expected, in)) throw mismatch(n, in, expected);
        }
        if (in.length != 1 + spatial || in[0] != w.shape()[1] * groups) {
            throw mismatch(n, in, new int[] {w.shape()[1] * groups});
        }
        return in;
    }

    private NirException mismatch(NirNode n, int[] got, int[] expected) {
        NirNode src = g.nodes().get(g.incoming(n.name()).get(0).source());
        return new NirException("shape mismatch along edge " + src.name() + " -> " + n.name() + ": " + src.describe() + " gives "
            + Arrays.toString(got) + " but " + n.describe() + " expects " + Arrays.toString(expected)
            + (expected.length == 1 && got.length > 1 ? " channels first" : ""));
    }

    /** Per-axis values of a stride/padding/dilation/kernel dataset (a scalar applies to every axis). */
    private static int[] axes(NirNode n, String key, int rank, int dflt) {
        if (!n.has(key)) {
            if (n.strings().containsKey(key)) return null;
            int[] r = new int[rank];
            Arrays.fill(r, dflt);
            return r;
        }
        NirArray a = n.array(key);
        int[] r = new int[rank];
        for (int i = 0; i < rank; i++) r[i] = (int) a.broadcast(Math.min(i, a.size() - 1));
        if (a.size() != 1 && a.size() != rank) throw new NirException("node " + n.describe() + ": '" + key + "' has " + a.size() + " values for " + rank + " axes");
        return r;
    }

    private record ConvGeometry(int[] kernel, int[] stride, int[] pad, int[] dilation, int groups) {
    }

    private static ConvGeometry convGeometry(NirNode n) {
        int rank = n.type() == NirType.CONV2D ? 2 : 1;
        NirArray w = n.array("weight");
        int[] k = Arrays.copyOfRange(w.shape(), 2, 2 + rank);
        int[] stride = axes(n, "stride", rank, 1);
        int[] dil = axes(n, "dilation", rank, 1);
        int[] pad = axes(n, "padding", rank, 0);
        if (pad == null) {
            String p = n.strings().get("padding");
            pad = new int[rank];
            if (p.equals("same")) {
                for (int i = 0; i < rank; i++) {
                    if (stride[i] != 1) throw new NirException("node " + n.describe() + ": padding 'same' needs stride 1");
                    pad[i] = dil[i] * (k[i] - 1) / 2;
                }
            } else if (!p.equals("valid")) {
                throw new NirException("node " + n.describe() + ": padding '" + p + "' (expected numbers, 'same' or 'valid')");
            }
        }
        if (stride == null || dil == null) throw new NirException("node " + n.describe() + ": stride and dilation must be numbers");
        int groups = n.has("groups") ? (int) n.array("groups").get(0) : 1;
        return new ConvGeometry(k, stride, pad, dil, groups);
    }

    private static int[] convOutput(NirNode n, int[] in) {
        ConvGeometry c = convGeometry(n);
        int[] out = new int[in.length];
        out[0] = n.array("weight").shape()[0];
        for (int i = 1; i < in.length; i++) {
            out[i] = Window.outputSize(in[i], c.kernel[i - 1], c.stride[i - 1], c.pad[i - 1], c.pad[i - 1], c.dilation[i - 1]);
            if (out[i] < 1) throw new NirException("node " + n.describe() + ": input " + Arrays.toString(in) + " is smaller than the kernel");
        }
        return out;
    }

    private int[] poolOutput(NirNode n, int[] in) {
        if (in.length != 3) {
            throw mismatch(n, in, new int[] {-1, -1, -1});
        }
        int[] k = axes(n, "kernel_size", 2, 1);
        int[] s = n.has("stride") ? axes(n, "stride", 2, 1) : k;
        int[] p = axes(n, "padding", 2, 0);
        if (k == null || s == null || p == null) throw new NirException("node " + n.describe() + ": kernel_size, stride and padding must be numbers");
        if (k[0] < 1 || k[1] < 1 || s[0] < 1 || s[1] < 1 || p[0] < 0 || p[1] < 0) {
            throw new NirException("node " + n.describe() + ": kernel_size " + Arrays.toString(k) + " and stride " + Arrays.toString(s)
                + " must be positive, padding " + Arrays.toString(p) + " non-negative");
        }
        int[] out = {in[0], Window.outputSize(in[1], k[0], s[0], p[0], p[0], 1), Window.outputSize(in[2], k[1], s[1], p[1], p[1], 1)};
        if (out[1] < 1 || out[2] < 1) throw new NirException("node " + n.describe() + ": input " + Arrays.toString(in) + " is smaller than the window");
        return out;
    }

    private int[] flatten(NirNode n, int[] in) {
        if (n.has("input_type")) {
            int[] declared = n.array("input_type").ints();
            if (!Arrays.equals(declared, in) && prod(declared) != prod(in)) throw mismatch(n, in, declared);
        }
        int start = n.has("start_dim") ? (int) n.array("start_dim").get(0) : 0;
        int end = n.has("end_dim") ? (int) n.array("end_dim").get(0) : -1;
        if (start < 0) start += in.length;
        if (end < 0) end += in.length;
        if (start < 0 || end >= in.length || start > end) {
            throw new NirException("node " + n.describe() + ": start_dim/end_dim do not fit the input " + Arrays.toString(in));
        }
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < start; i++) r.add(in[i]);
        int p = 1;
        for (int i = start; i <= end; i++) p *= in[i];
        r.add(p);
        for (int i = end + 1; i < in.length; i++) r.add(in[i]);
        if (r.size() > 1) {
            throw new NirException("node " + n.describe() + ": only flattening into one dimension is supported (got " + r + ")");
        }
        return r.stream().mapToInt(Integer::intValue).toArray();
    }

    static long prod(int[] s) {
        long p = 1;
        for (int d : s) p *= d;
        return p;
    }

    /** Every edge: what the source delivers fits what the target takes. */
    private void checkEdgeShapes() {
        for (NirEdge e : g.edges()) {
            NirNode a = g.nodes().get(e.source());
            NirNode b = g.nodes().get(e.target());
            int[] got = outShape(a);
            switch (b.type()) {
                case AFFINE, LINEAR -> {
                    int in = b.array("weight").shape()[1];
                    if (prod(got) != in) throw mismatch(b, got, new int[] {in});
                }
                case CONV1D, CONV2D, SUM_POOL2D, AVG_POOL2D, FLATTEN, SCALE -> outShape(b);
                case IF, LIF, LI, INTEGRATOR, THRESHOLD, CUBA_LIF, CUBA_LI -> {
                    int[] want = outShape(b);
                    if (!Arrays.equals(got, want) && !(prod(got) == prod(want) && (got.length == 1 || want.length == 1))) {
                        throw new NirException("shape mismatch along edge " + e + ": " + a.describe() + " gives " + Arrays.toString(got)
                            + " but " + b.describe() + " has shape " + Arrays.toString(want));
                    }
                }
                case OUTPUT -> {
                    int[] want = outShape(b);
                    if (prod(got) != prod(want)) {
                        throw new NirException("shape mismatch along edge " + e + ": " + a.describe() + " gives " + Arrays.toString(got)
                            + " but the output " + b.describe() + " has shape " + Arrays.toString(want));
                    }
                }
                default -> throw new NirException("edge " + e + " ends in " + b.describe());
            }
        }
    }

    static Shape shape(int[] nir) {
        return switch (nir.length) {
            case 0 -> Shape.flat(1);
            case 1 -> Shape.flat(nir[0]);
            case 2 -> Shape.chw(nir[0], 1, nir[1]);
            case 3 -> Shape.chw(nir[0], nir[1], nir[2]);
            default -> throw new NirException("shapes of rank " + nir.length + " are not supported: " + Arrays.toString(nir));
        };
    }

    // ---------------------------------------------------------------- neurons

    /** A neuron node's discrete form: parameters, the gain of its input per channel and its leak current per channel. */
    private record NeuronSetup(NeuronParams params, double[] gain, double[] leak) {
    }

    /** One value per channel of a per-neuron parameter (CHW order); refused when it varies within a channel. */
    private static double[] perChannel(NirNode n, String key, Shape s, double dflt) {
        double[] r = new double[s.channels()];
        if (!n.has(key)) {
            Arrays.fill(r, dflt);
            return r;
        }
        NirArray a = n.array(key);
        int c = s.channels();
        int hw = s.height() * s.width();
        if (a.size() == 1) {
            Arrays.fill(r, a.get(0));
        } else if (a.size() == (long) c * hw) {
            for (int ch = 0; ch < c; ch++) {
                r[ch] = a.get(ch * hw);
                for (int p = 1; p < hw; p++) {
                    if (a.get(ch * hw + p) != r[ch]) {
                        throw new NirException("node " + n.describe() + ": '" + key + "' varies within channel " + ch
                            + " (only per-channel values are supported)");
                    }
                }
            }
        } else if (a.size() == c) {
            for (int ch = 0; ch < c; ch++) r[ch] = a.get(ch);
        } else {
            throw new NirException("node " + n.describe() + ": '" + key + "' has " + a.size() + " values for shape " + s);
        }
        for (double v : r) if (!Double.isFinite(v)) throw new NirException("node " + n.describe() + ": '" + key + "' is not finite");
        return r;
    }

    private static double uniform(NirNode n, String key, double[] v) {
        for (double x : v) {
            if (x != v[0]) throw new NirException("node " + n.describe() + ": '" + key + "' must be the same for every neuron of the node");
        }
        return v[0];
    }

    private NeuronSetup neuron(NirNode n, Shape s) {
        int c = s.channels();
        double dtMs = o.dtSeconds() * 1000;
        double[] gain;
        double[] leak = new double[c];
        double[] thr;
        double decay;
        double synDecay = 0;
        NeuronModel model;
        switch (n.type()) {
            case IF, INTEGRATOR -> {
                gain = perChannel(n, "r", s, 1);
                thr = n.type() == NirType.IF ? perChannel(n, "v_threshold", s, 1) : filled(c, Double.POSITIVE_INFINITY);
                decay = 1;
                model = NeuronModel.IF;
            }
            case LIF, LI -> {
                double tau = uniform(n, "tau", perChannel(n, "tau", s, 1));
                if (!(tau > 0)) throw new NirException("node " + n.describe() + ": tau must be > 0, got " + tau);
                double a = o.dtSeconds() / tau;
                if (o.discretization() == Discretization.EULER && a >= 1) {
                    throw new NirException("node " + n.describe() + ": dt " + o.dtSeconds() + " is not below tau " + tau
                        + ", where forward Euler is unstable; give a smaller --dt or --discretization exponential");
                }
                decay = o.discretization().decay(a);
                double in = o.discretization().inputGain(a);
                double[] r = perChannel(n, "r", s, 1);
                double[] vl = perChannel(n, "v_leak", s, 0);
                gain = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    gain[ch] = in * r[ch];
                    leak[ch] = in * vl[ch];
                }
                thr = n.type() == NirType.LIF ? perChannel(n, "v_threshold", s, 1) : filled(c, Double.POSITIVE_INFINITY);
                model = NeuronModel.LIF;
            }
            case CUBA_LIF, CUBA_LI -> {
                // tau_syn I' = -I + w_in S and tau_mem v' = (v_leak - v) + R I, each discretized; the membrane's input
                // gain moves into the current (scaled by it), so both gains land in the weights
                double tauMem = uniform(n, "tau_mem", perChannel(n, "tau_mem", s, 1));
                double tauSyn = uniform(n, "tau_syn", perChannel(n, "tau_syn", s, 1));
                if (!(tauMem > 0) || !(tauSyn > 0)) throw new NirException("node " + n.describe() + ": tau_mem and tau_syn must be > 0");
                double am = o.dtSeconds() / tauMem;
                double as = o.dtSeconds() / tauSyn;
                if (o.discretization() == Discretization.EULER && (am >= 1 || as >= 1)) {
                    throw new NirException("node " + n.describe() + ": dt " + o.dtSeconds() + " is not below tau_mem " + tauMem + " and tau_syn "
                        + tauSyn + ", where forward Euler is unstable; give a smaller --dt or --discretization exponential");
                }
                double[] vl = perChannel(n, "v_leak", s, 0);
                for (double x : vl) {
                    if (x != 0) throw new NirException("node " + n.describe() + ": v_leak " + x + " is not supported for current-based neurons");
                }
                decay = o.discretization().decay(am);
                synDecay = o.discretization().decay(as);
                double[] r = perChannel(n, "r", s, 1);
                double[] w = perChannel(n, "w_in", s, 1);
                gain = new double[c];
                for (int ch = 0; ch < c; ch++) gain[ch] = o.discretization().inputGain(am) * r[ch] * o.discretization().inputGain(as) * w[ch];
                thr = n.type() == NirType.CUBA_LIF ? perChannel(n, "v_threshold", s, 1) : filled(c, Double.POSITIVE_INFINITY);
                model = NeuronModel.CUBA_LIF;
            }
            case THRESHOLD -> {
                gain = filled(c, 1);
                thr = perChannel(n, "threshold", s, 0);
                decay = 0;
                model = NeuronModel.LIF;
            }
            default -> throw new NirException("node " + n.describe() + " is not a neuron");
        }
        double[] reset = perChannel(n, "v_reset", s, 0);
        for (double r : reset) {
            if (r != 0) throw new NirException("node " + n.describe() + ": v_reset " + r + " is not supported (neurons reset to 0)");
        }
        double theta = thr[0];
        boolean same = true;
        for (double t : thr) same &= t == theta;
        if (!same) {
            // thresholds per channel: each channel's input and leak in units of its threshold
            for (int ch = 0; ch < c; ch++) {
                if (!(thr[ch] > 0)) throw new NirException("node " + n.describe() + ": v_threshold must be > 0, got " + thr[ch]);
                gain[ch] /= thr[ch];
                leak[ch] /= thr[ch];
            }
            theta = 1;
            notes.add(n.name() + ": thresholds differ per channel; membrane in units of each channel's threshold");
        }
        if (!(theta > 0)) {
            throw new NirException("node " + n.describe() + ": threshold must be > 0, got " + theta);
        }
        float tauMs = model != NeuronModel.IF ? tauForDecay((float) dtMs, decay) : 20f;
        float tauSynMs = model == NeuronModel.CUBA_LIF ? tauForDecay((float) dtMs, synDecay) : 0f;
        NeuronParams p = new NeuronParams(model, ResetMode.ZERO, (float) theta, 0f, 1, tauMs, (float) dtMs, 0, tauSynMs);
        return new NeuronSetup(p, gain, leak);
    }

    private static double[] filled(int n, double v) {
        double[] r = new double[n];
        Arrays.fill(r, v);
        return r;
    }

    /**
     * The float time constant whose decay {@code (float) exp(-dt / tau)} (as {@link NeuronParams#decay()} computes it)
     * is the float nearest {@code decay}.
     */
    static float tauForDecay(float dtMs, double decay) {
        float want = (float) decay;
        if (want <= 0f) return dtMs / 1000f;
        if (want >= 1f) return Float.MAX_VALUE;
        float tau = (float) (-dtMs / Math.log(decay));
        float best = tau;
        float bestErr = Float.MAX_VALUE;
        float t = tau;
        for (int i = 0; i < 8; i++) t = Math.nextDown(t);
        for (int i = 0; i < 17; i++, t = Math.nextUp(t)) {
            float d = (float) Math.exp(-dtMs / t);
            float err = Math.abs(d - want);
            if (err < bestErr) {
                bestErr = err;
                best = t;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- building

    /** One projection to build: from population node {@code source} through {@code chain} into neuron node {@code target}. */
    private record Path2(String source, List<NirNode> chain, String target) {
    }

    private void walk(String source, NirNode at, List<NirNode> chain, List<Path2> paths, String[] output) {
        switch (at.type().role()) {
            case NEURON -> paths.add(new Path2(source, List.copyOf(chain), at.name()));
            case OUTPUT -> {
                if (!chain.isEmpty()) {
                    throw new NirException("the output " + at.describe() + " is fed by " + chain.get(chain.size() - 1).describe()
                        + "; it must follow a neuron node");
                }
                output[0] = source;
            }
            case SYNAPSE -> {
                chain.add(at);
                for (NirEdge e : g.outgoing(at.name())) walk(source, g.nodes().get(e.target()), chain, paths, output);
                chain.remove(chain.size() - 1);
            }
            default -> throw new NirException("edge into " + at.describe());
        }
    }

    private Network build(String name) {
        checkNodesAndEdges();
        for (NirNode n : g.nodes().values()) outShape(n);
        checkEdgeShapes();

        // every path from a population node through stateless nodes
        List<Path2> paths = new ArrayList<>();
        String[] output = new String[1];
        for (NirNode n : g.nodes().values()) {
            if (n.type().role() == NirType.Role.INPUT || n.type().role() == NirType.Role.NEURON) {
                for (NirEdge e : g.outgoing(n.name())) walk(n.name(), g.nodes().get(e.target()), new ArrayList<>(), paths, output);
            }
        }
        if (output[0] == null) throw new NirException("no neuron node feeds the output");

        Map<String, Shape> shapes = new LinkedHashMap<>();
        Map<String, NeuronSetup> setups = new LinkedHashMap<>();
        Map<String, double[]> bias = new LinkedHashMap<>();
        for (NirNode n : g.nodes().values()) {
            if (n.type().role() == NirType.Role.INPUT || n.type().role() == NirType.Role.NEURON) {
                Shape s = shape(outShapes.get(n.name()));
                shapes.put(n.name(), s);
                if (n.type().role() == NirType.Role.NEURON) {
                    NeuronSetup ns = neuron(n, s);
                    setups.put(n.name(), ns);
                    bias.put(n.name(), ns.leak().clone());
                }
            }
        }
        // the chains' biases, through the target's gain and the chain's scale
        List<Chain> chains = new ArrayList<>();
        for (Path2 p : paths) {
            Chain c = chain(p, shapes.get(p.source()), shapes.get(p.target()), setups.get(p.target()));
            chains.add(c);
            if (c.bias != null) {
                double[] b = bias.get(p.target());
                for (int ch = 0; ch < b.length; ch++) b[ch] += c.bias[ch];
            }
        }
        Network.Builder b = Network.builder(name);
        Map<String, Population> pops = new LinkedHashMap<>();
        for (NirNode n : g.nodes().values()) {
            Shape s = shapes.get(n.name());
            if (s == null) continue;
            Population pop;
            if (n.type() == NirType.INPUT) {
                pop = Population.input(n.name(), s);
            } else {
                double[] bb = bias.get(n.name());
                boolean any = false;
                float[] f = new float[bb.length];
                for (int i = 0; i < bb.length; i++) {
                    f[i] = (float) bb[i];
                    any |= f[i] != 0f;
                }
                pop = Population.spiking(n.name(), s, setups.get(n.name()).params(), any ? f : null);
            }
            pops.put(n.name(), pop);
            b.add(pop);
        }
        Set<Path2> back = backEdges(paths);
        Set<String> names = new HashSet<>();
        for (Chain c : chains) {
            String pname = c.name;
            if (!names.add(pname)) {
                pname = c.name + "->" + c.path.target();
                names.add(pname);
            }
            Projection pr = c.build(pname, pops.get(c.path.source()), pops.get(c.path.target()));
            b.connect(back.contains(c.path) ? new org.spikeflow.graph.RecurrentProjection(pr) : pr);
        }
        b.output(pops.get(output[0]));
        b.meta("source", name);
        b.meta("format", "NIR " + g.version());
        b.meta("nir.dt_s", Double.toString(o.dtSeconds()));
        b.meta("nir.discretization", o.discretization().name().toLowerCase(Locale.ROOT));
        b.meta("nir.reset", "to zero (v_reset 0); spikes where v >= v_threshold");
        for (int i = 0; i < notes.size(); i++) b.meta("nir.note." + (i + 1), notes.get(i));
        for (Map.Entry<String, String> m : g.metadata().entrySet()) b.meta("nir.metadata." + m.getKey(), m.getValue());
        if (!back.isEmpty()) {
            List<String> r = new ArrayList<>();
            for (Path2 p : back) r.add(p.source() + " -> " + p.target());
            b.meta("nir.recurrent", String.join(", ", r) + " (delivered one timestep later)");
        }
        return b.build();
    }

    /**
     * The paths that close a cycle: back edges of a depth-first walk from the input over the populations (then from
     * any population not reached). They become recurrent projections, delivered one timestep late.
     */
    private Set<Path2> backEdges(List<Path2> paths) {
        Map<String, List<Path2>> from = new LinkedHashMap<>();
        for (Path2 p : paths) from.computeIfAbsent(p.source(), k -> new ArrayList<>()).add(p);
        Set<Path2> back = new HashSet<>();
        Set<String> done = new HashSet<>();
        Set<String> onStack = new HashSet<>();
        List<String> starts = new ArrayList<>();
        for (NirNode n : g.nodes().values()) if (n.type() == NirType.INPUT) starts.add(n.name());
        for (NirNode n : g.nodes().values()) if (n.type().role() == NirType.Role.NEURON) starts.add(n.name());
        for (String s0 : starts) dfs(s0, from, done, onStack, back);
        return back;
    }

    private static void dfs(String n, Map<String, List<Path2>> from, Set<String> done, Set<String> onStack, Set<Path2> back) {
        if (done.contains(n)) return;
        onStack.add(n);
        for (Path2 p : from.getOrDefault(n, List.of())) {
            if (onStack.contains(p.target())) back.add(p);
            else dfs(p.target(), from, done, onStack, back);
        }
        onStack.remove(n);
        done.add(n);
    }

    /** A chain reduced to one projection: what it builds, its bias per target channel (already through the gain). */
    private final class Chain {
        final Path2 path;
        final String name;
        final double[] bias;
        final List<NirNode> steps;
        final double[] gain;

        Chain(Path2 path, String name, double[] bias, List<NirNode> steps, double[] gain) {
            this.path = path;
            this.name = name;
            this.bias = bias;
            this.steps = steps;
            this.gain = gain;
        }

        Projection build(String pname, Population src, Population dst) {
            NirNode last = steps.get(steps.size() - 1);
            NirNode first = steps.get(0);
            boolean pooled = isPool(first);
            if (steps.size() == 1 && pooled) {
                double gg = gain[0];
                for (double x : gain) {
                    if (x != gg) throw new NirException("node " + first.describe() + " feeds " + g.nodes().get(path.target()).describe()
                        + ", whose input gain differs per channel: pooling has one weight");
                }
                return pool(pname, first, src, dst, poolWeight(first) * gg);
            }
            Population from = src;
            AvgPoolProjection pool = null;
            if (pooled) {
                Population pooledPop = Population.spiking(first.name(), shape(outShapes.get(first.name())), NeuronParams.IF_SOFT);
                pool = pool(first.name(), first, src, pooledPop, poolWeight(first));
                if (!pool.tiles()) {
                    throw new NirException("node " + first.describe() + " feeds " + last.describe()
                        + " but only non-overlapping, unpadded pooling that tiles its input folds into the next layer");
                }
                from = pooledPop;
            }
            Projection w = switch (last.type()) {
                case AFFINE, LINEAR -> dense(pname, last, from, dst);
                case CONV1D, CONV2D -> conv(pname, last, from, dst);
                default -> throw new NirException("unexpected " + last.describe());
            };
            if (pool != null) {
                Projection folded = w.foldPool(pool);
                if (folded == null) throw new NirException("node " + first.describe() + " cannot fold into " + last.describe());
                w = folded.copy(pname, src, dst);
                notes.add(first.name() + " folded into " + last.name());
            }
            float[] s = new float[gain.length];
            boolean ones = true;
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) gain[i];
                ones &= s[i] == 1f;
            }
            return ones ? w : w.scaledByTargetChannel(s);
        }
    }

    private static boolean isPool(NirNode n) {
        return n.type() == NirType.SUM_POOL2D || n.type() == NirType.AVG_POOL2D;
    }

    private static double poolWeight(NirNode n) {
        if (n.type() == NirType.SUM_POOL2D) return 1;
        int[] k = axes(n, "kernel_size", 2, 1);
        return 1.0 / (k[0] * k[1]);
    }

    private static AvgPoolProjection pool(String name, NirNode n, Population src, Population dst, double weight) {
        int[] k = axes(n, "kernel_size", 2, 1);
        int[] s = n.has("stride") ? axes(n, "stride", 2, 1) : k;
        int[] p = axes(n, "padding", 2, 0);
        return new AvgPoolProjection(name, src, dst, new Window(k[0], k[1], s[0], s[1], p[0], p[1], 1, 1), 0, (float) weight);
    }

    /** Reduces a path's stateless nodes to one projection's recipe; refuses chains that are not one projection. */
    private Chain chain(Path2 p, Shape src, Shape dst, NeuronSetup target) {
        List<NirNode> steps = new ArrayList<>();
        for (NirNode n : p.chain()) if (n.type() != NirType.FLATTEN) steps.add(n);
        double[] gain = target.gain().clone();
        if (!steps.isEmpty() && steps.get(steps.size() - 1).type() == NirType.SCALE) {
            NirNode sc = steps.remove(steps.size() - 1);
            double[] s = perChannel(sc, "scale", dst, 1);
            for (int i = 0; i < gain.length; i++) gain[i] *= s[i];
        }
        String where = "between " + g.nodes().get(p.source()).describe() + " and " + g.nodes().get(p.target()).describe();
        if (steps.isEmpty()) {
            throw new NirException("no weighted node " + where + " (neurons connect through Affine, Linear, Conv or pooling nodes)");
        }
        for (NirNode n : steps) {
            if (n.type() == NirType.SCALE) throw new NirException("node " + n.describe() + " " + where + ": Scale is supported only right before a neuron node");
        }
        boolean ok = steps.size() == 1 || (steps.size() == 2 && isPool(steps.get(0)) && !isPool(steps.get(1)));
        if (!ok) {
            StringBuilder b = new StringBuilder();
            for (NirNode n : steps) b.append(b.length() == 0 ? "" : " -> ").append(n.describe());
            throw new NirException("the chain " + b + " " + where + " is not one projection (supported: one weighted node, one pooling,"
                + " or a tiling pooling followed by a weighted node)");
        }
        NirNode last = steps.get(steps.size() - 1);
        double[] bias = null;
        if (last.type() == NirType.AFFINE || last.type() == NirType.CONV2D || last.type() == NirType.CONV1D) {
            if (last.has("bias")) {
                NirArray bb = last.array("bias");
                if (bb.size() != dst.channels() && bb.size() != 1) {
                    throw new NirException("node " + last.describe() + ": bias has " + bb.size() + " values for " + dst.channels() + " channels");
                }
                bias = new double[dst.channels()];
                boolean any = false;
                for (int c = 0; c < bias.length; c++) {
                    bias[c] = bb.broadcast(c) * gain[c];
                    any |= bias[c] != 0;
                }
                if (!any) bias = null;
            }
        }
        return new Chain(p, last.name(), bias, steps, gain);
    }

    /** Affine/Linear weight (out, in), in = the source flattened channels first (NIR order), as our rows by HWC index. */
    private static DenseProjection dense(String name, NirNode n, Population src, Population dst) {
        NirArray w = n.array("weight");
        int out = w.shape()[0];
        int in = w.shape()[1];
        Shape s = src.shape();
        if (in != s.size() || out != dst.size()) {
            throw new NirException("node " + n.describe() + ": weight " + w.shapeText() + " does not connect " + s + " to " + dst.shape());
        }
        int c = s.channels();
        int h = s.height();
        int wd = s.width();
        float[] rows = new float[in * out];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < wd; x++)
                for (int ch = 0; ch < c; ch++) {
                    int i = (y * wd + x) * c + ch;
                    int k = (ch * h + y) * wd + x;
                    for (int j = 0; j < out; j++) rows[i * out + j] = (float) w.get(j * in + k);
                }
        return new DenseProjection(name, src, dst, rows);
    }

    /** Conv weight (Cout, Cin/groups, kH, kW) as our [kh][kw][cin][cout]; groups become zero blocks. */
    private ConvProjection conv(String name, NirNode n, Population src, Population dst) {
        ConvGeometry geo = convGeometry(n);
        NirArray w = n.array("weight");
        boolean two = n.type() == NirType.CONV2D;
        int cout = w.shape()[0];
        int cinPer = w.shape()[1];
        int kh = two ? w.shape()[2] : 1;
        int kw = two ? w.shape()[3] : w.shape()[2];
        int cin = cinPer * geo.groups();
        int outPer = cout / geo.groups();
        float[] hwio = new float[kh * kw * cin * cout];
        for (int co = 0; co < cout; co++) {
            int grp = co / outPer;
            for (int cl = 0; cl < cinPer; cl++) {
                int ci = grp * cinPer + cl;
                for (int ky = 0; ky < kh; ky++)
                    for (int kx = 0; kx < kw; kx++) {
                        hwio[((ky * kw + kx) * cin + ci) * cout + co] = (float) w.get(((co * cinPer + cl) * kh + ky) * kw + kx);
                    }
            }
        }
        if (geo.groups() > 1) notes.add(n.name() + ": " + geo.groups() + " groups expanded to a full kernel with zero blocks");
        Window win = two
            ? new Window(kh, kw, geo.stride()[0], geo.stride()[1], geo.pad()[0], geo.pad()[1], geo.dilation()[0], geo.dilation()[1])
            : new Window(1, kw, 1, geo.stride()[0], 0, geo.pad()[0], 1, geo.dilation()[0]);
        return new ConvProjection(name, src, dst, win, hwio);
    }
}
