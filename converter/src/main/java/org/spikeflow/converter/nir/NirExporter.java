package org.spikeflow.converter.nir;

import org.spikeflow.converter.ModelException;
import org.spikeflow.graph.AvgPoolProjection;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.RecurrentProjection;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.Window;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A spiking network as a NIR graph. Populations become neuron nodes — IF ({@code r = 1}), LIF ({@code r = 1 / (1 - decay)}
 * and {@code tau} such that the chosen discretization at the network's timestep gives back our decay and an input
 * gain of exactly 1), Integrator/LI for non-spiking (integrating) populations —, projections become Affine/Linear
 * (with a Flatten before them when their source is a map), Conv2d, SumPool2d or AvgPool2d nodes, and a population's
 * bias the bias of its first incoming Affine or Conv2d. What NIR cannot say is either refused, naming the layer
 * (spiking max pooling, channel concatenation, asymmetric padding), or written in NIR's nearest terms with a warning
 * that is also stored in the graph's metadata (reset by subtraction, multi-spike neurons, initial membrane,
 * refractory steps).
 */
public final class NirExporter {
    /** The exported graph and the warnings about semantics NIR does not carry. */
    public record Export(NirGraph graph, List<String> warnings) {
    }

    private final Network net;
    private final Discretization disc;
    private final Map<String, NirNode> nodes = new LinkedHashMap<>();
    private final List<NirEdge> edges = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final Map<Population, String> nodeOf = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    private NirExporter(Network net, Discretization disc) {
        this.net = net;
        this.disc = disc;
    }

    public static Export export(Network net, Discretization disc) {
        return new NirExporter(net, disc).run();
    }

    private ModelException refuse(String layer, String why) {
        return new ModelException("cannot export '" + layer + "' to NIR: " + why);
    }

    private String unique(String name) {
        String n = name.replace('/', '_');
        if (n.isEmpty()) n = "node";
        String r = n;
        for (int i = 2; !used.add(r); i++) r = n + "_" + i;
        return r;
    }

    static int[] dims(Shape s) {
        return s.isFlat() ? new int[] {s.channels()} : new int[] {s.channels(), s.height(), s.width()};
    }

    private static long[] longs(int[] v) {
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) r[i] = v[i];
        return r;
    }

    private static NirArray full(Shape s, double v, boolean f64) {
        double[] d = new double[s.size()];
        java.util.Arrays.fill(d, v);
        return new NirArray(dims(s), d, f64, false);
    }

    private Export run() {
        double dtMs = timestepMs();
        double dt = Double.parseDouble(Float.toString((float) dtMs)) / 1000.0;
        Population in = net.input();
        String inName = unique(in.name());
        nodeOf.put(in, inName);
        nodes.put(inName, NirNode.of(inName, NirType.INPUT, Map.of("shape", NirArray.longs(longs(dims(in.shape()))))));
        List<String> subtract = new ArrayList<>();
        List<String> burst = new ArrayList<>();
        List<String> v0 = new ArrayList<>();
        List<String> refractory = new ArrayList<>();
        for (Population p : net.populations()) {
            if (p == in) continue;
            if (p.kind() == PopulationKind.MAX_POOL) {
                throw refuse(p.name(), "spiking max pooling has no NIR equivalent (convert with average pooling instead)");
            }
            NeuronParams n = p.neuron();
            String name = unique(p.name());
            nodeOf.put(p, name);
            boolean spiking = !Float.isInfinite(n.threshold());
            Shape s = p.shape();
            Map<String, NirArray> a = new LinkedHashMap<>();
            NirType type;
            float decay = n.decay();
            if (n.model() == NeuronModel.CUBA_LIF) {
                type = spiking ? NirType.CUBA_LIF : NirType.CUBA_LI;
                double tauMem = disc == Discretization.EULER ? dt / (1 - (double) decay) : n.tauMs() / 1000.0;
                float sd = n.synapseDecay();
                double tauSyn = disc == Discretization.EULER ? dt / (1 - (double) sd) : n.tauSynMs() / 1000.0;
                a.put("tau_syn", full(s, tauSyn, true));
                a.put("tau_mem", full(s, tauMem, true));
                a.put("r", full(s, 1 / disc.inputGain(dt / tauMem), true));
                a.put("v_leak", full(s, 0, false));
                a.put("w_in", full(s, 1 / disc.inputGain(dt / tauSyn), true));
            } else if (n.model() == NeuronModel.IF || decay == 1f) {
                type = spiking ? NirType.IF : NirType.INTEGRATOR;
                a.put("r", full(s, 1, false));
            } else {
                type = spiking ? NirType.LIF : NirType.LI;
                double tau;
                double gainPerR;
                if (disc == Discretization.EULER) {
                    tau = dt / (1 - (double) decay);
                } else {
                    tau = n.tauMs() / 1000.0;
                }
                gainPerR = disc.inputGain(dt / tau);
                a.put("tau", full(s, tau, true));
                a.put("r", full(s, 1 / gainPerR, true));
                a.put("v_leak", full(s, 0, false));
            }
            if (spiking) {
                a.put("v_threshold", full(s, n.threshold(), false));
                a.put("v_reset", full(s, 0, false));
                if (n.reset() == ResetMode.SUBTRACT) subtract.add(p.name());
                if (n.maxSpikesPerStep() > 1) burst.add(p.name() + " (" + n.maxSpikesPerStep() + ")");
                if (n.initialMembraneFraction() > 0) v0.add(p.name() + " (" + n.initialMembraneFraction() + ")");
                if (n.refractorySteps() > 0) refractory.add(p.name() + " (" + n.refractorySteps() + ")");
            }
            nodes.put(name, NirNode.of(name, type, a));
        }
        Map<Population, Boolean> biasPlaced = new LinkedHashMap<>();
        for (Projection pr : net.projections()) {
            Population t = pr.target();
            float[] bias = null;
            if (t.hasBias() && !biasPlaced.containsKey(t) && !(pr instanceof AvgPoolProjection)) {
                bias = t.biasPerChannel();
                biasPlaced.put(t, true);
            }
            projection(pr, bias);
        }
        for (Population p : net.populations()) {
            if (p.hasBias() && !biasPlaced.containsKey(p)) {
                throw refuse(p.name(), "its bias current has no weighted (Affine or Conv2d) input to carry it");
            }
        }
        Population out = net.output();
        String outName = unique("output");
        nodes.put(outName, NirNode.of(outName, NirType.OUTPUT, Map.of("shape", NirArray.longs(longs(dims(out.shape()))))));
        edges.add(new NirEdge(nodeOf.get(out), outName));

        if (!subtract.isEmpty()) {
            warnings.add("reset by subtraction has no NIR equivalent; written as v_reset 0 (reset to zero) for " + String.join(", ", subtract)
                + " (Sinabs reads IF as reset-by-subtraction multi-spike; Norse, snnTorch and Lava reset to v_reset)");
        }
        if (!burst.isEmpty()) warnings.add("multi-spike neurons have no NIR equivalent; written as single-spike for " + String.join(", ", burst));
        if (!v0.isEmpty()) warnings.add("initial membrane has no NIR equivalent; readers start at 0 for " + String.join(", ", v0));
        if (!refractory.isEmpty()) warnings.add("refractory steps have no NIR equivalent; dropped for " + String.join(", ", refractory));
        if (!biasPlaced.isEmpty()) {
            warnings.add("bias is a constant current per timestep here; in NIR it is the Affine/Conv2d bias, integrated as R*b per step"
                + " by IF readers and scaled by dt/tau by LIF readers");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("source", "spikeflow network '" + net.name() + "'");
        meta.put("dt", Double.toString(dt));
        meta.put("discretization", disc.name().toLowerCase(Locale.ROOT));
        meta.put("spike_condition", "v >= v_threshold, checked once per timestep");
        for (int i = 0; i < warnings.size(); i++) meta.put("warning_" + (i + 1), warnings.get(i));
        return new Export(new NirGraph(NirFile.VERSION, nodes, edges, meta), List.copyOf(warnings));
    }

    private double timestepMs() {
        Double dt = null;
        for (Population p : net.populations()) {
            if (p.neuron() == null) continue;
            double d = p.neuron().timestepMs();
            boolean leaky = p.neuron().model() == NeuronModel.LIF && p.neuron().decay() != 1f;
            if (dt == null) dt = d;
            else if (leaky && d != dt) throw refuse(p.name(), "its timestep " + d + " ms differs from the network's " + dt + " ms");
        }
        return dt == null ? 1.0 : dt;
    }

    private void projection(Projection recurrentOrNot, float[] bias) {
        // a recurrent projection is its inner connectivity on an edge that closes a cycle (readers delay it a step)
        Projection pr = recurrentOrNot instanceof RecurrentProjection r ? r.inner() : recurrentOrNot;
        String src = nodeOf.get(pr.source());
        String dst = nodeOf.get(pr.target());
        Shape s = pr.source().shape();
        Shape t = pr.target().shape();
        if (pr instanceof DenseProjection d) {
            String from = src;
            if (!s.isFlat()) {
                String f = unique(pr.name() + ".flatten");
                nodes.put(f, NirNode.of(f, NirType.FLATTEN, Map.of("start_dim", NirArray.scalarLong(0), "end_dim", NirArray.scalarLong(-1),
                    "input_type", NirArray.longs(longs(dims(s))))));
                edges.add(new NirEdge(src, f));
                from = f;
            }
            int in = s.size();
            int out = t.size();
            float[] w = d.weights();
            float[] nir = new float[out * in];
            int c = s.channels();
            int h = s.height();
            int wd = s.width();
            for (int y = 0; y < h; y++)
                for (int x = 0; x < wd; x++)
                    for (int ch = 0; ch < c; ch++) {
                        int i = (y * wd + x) * c + ch;
                        int k = (ch * h + y) * wd + x;
                        for (int j = 0; j < out; j++) nir[j * in + k] = w[i * out + j];
                    }
            Map<String, NirArray> a = new LinkedHashMap<>();
            a.put("weight", NirArray.floats(new int[] {out, in}, nir));
            NirType type = NirType.LINEAR;
            if (bias != null) {
                type = NirType.AFFINE;
                float[] b = new float[out];
                for (int j = 0; j < out; j++) b[j] = bias[j % t.channels()];
                a.put("bias", NirArray.floats(new int[] {out}, b));
            }
            String name = unique(pr.name());
            nodes.put(name, NirNode.of(name, type, a));
            edges.add(new NirEdge(from, name));
            edges.add(new NirEdge(name, dst));
        } else if (pr instanceof ConvProjection cv) {
            Window win = cv.window();
            checkSymmetric(pr, win, s, t);
            int cin = s.channels();
            int cout = t.channels();
            int kh = win.kernelH();
            int kw = win.kernelW();
            float[] w = cv.weights();
            float[] nir = new float[cout * cin * kh * kw];
            for (int co = 0; co < cout; co++)
                for (int ci = 0; ci < cin; ci++)
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++) {
                            nir[((co * cin + ci) * kh + ky) * kw + kx] = w[((ky * kw + kx) * cin + ci) * cout + co];
                        }
            Map<String, NirArray> a = new LinkedHashMap<>();
            a.put("weight", NirArray.floats(new int[] {cout, cin, kh, kw}, nir));
            a.put("bias", NirArray.floats(new int[] {cout}, bias == null ? new float[cout] : bias));
            a.put("stride", NirArray.longs(win.strideH(), win.strideW()));
            a.put("padding", NirArray.longs(win.padTop(), win.padLeft()));
            a.put("dilation", NirArray.longs(win.dilationH(), win.dilationW()));
            a.put("groups", NirArray.scalarLong(1));
            a.put("input_shape", NirArray.longs(s.height(), s.width()));
            String name = unique(pr.name());
            nodes.put(name, NirNode.of(name, NirType.CONV2D, a));
            edges.add(new NirEdge(src, name));
            edges.add(new NirEdge(name, dst));
        } else if (pr instanceof AvgPoolProjection ap) {
            if (ap.targetChannelOffset() != 0 || s.channels() != t.channels()) {
                throw refuse(pr.name(), "pooling into a channel range (concatenation) has no NIR equivalent");
            }
            Window win = ap.window();
            checkSymmetric(pr, win, s, t);
            float k = win.kernelH() * win.kernelW();
            NirType type;
            if (ap.weight() == 1f) type = NirType.SUM_POOL2D;
            else if (ap.weight() == 1f / k) type = NirType.AVG_POOL2D;
            else throw refuse(pr.name(), "pooling weight " + ap.weight() + " is neither 1 (SumPool2d) nor 1/" + (int) k + " (AvgPool2d)");
            Map<String, NirArray> a = new LinkedHashMap<>();
            a.put("kernel_size", NirArray.longs(win.kernelH(), win.kernelW()));
            a.put("stride", NirArray.longs(win.strideH(), win.strideW()));
            a.put("padding", NirArray.longs(win.padTop(), win.padLeft()));
            String name = unique(pr.name());
            nodes.put(name, NirNode.of(name, type, a));
            edges.add(new NirEdge(src, name));
            edges.add(new NirEdge(name, dst));
        } else {
            throw refuse(pr.name(), pr.kind().name().toLowerCase(Locale.ROOT).replace('_', '-') + " projections have no NIR equivalent");
        }
    }

    /** NIR pads both sides alike: the target must be what symmetric padding gives. */
    private void checkSymmetric(Projection pr, Window w, Shape s, Shape t) {
        int h = Window.outputSize(s.height(), w.kernelH(), w.strideH(), w.padTop(), w.padTop(), w.dilationH());
        int wd = Window.outputSize(s.width(), w.kernelW(), w.strideW(), w.padLeft(), w.padLeft(), w.dilationW());
        if (h != t.height() || wd != t.width()) {
            throw refuse(pr.name(), "its padding is asymmetric (output " + t.height() + "x" + t.width() + ", symmetric padding "
                + w.padTop() + "/" + w.padLeft() + " gives " + h + "x" + wd + "); NIR pads both sides alike");
        }
    }
}
