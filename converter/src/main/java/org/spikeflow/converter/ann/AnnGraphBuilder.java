package org.spikeflow.converter.ann;

import org.spikeflow.converter.ModelException;
import org.spikeflow.graph.AvgPoolProjection;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.ConvTransposeProjection;
import org.spikeflow.graph.LinearResizeProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.MaxPoolProjection;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.Shape;
import org.spikeflow.graph.Window;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Emits the ANN-form event graph of an imported model, one framework operation at a time. Linear operations
 * (convolution, dense, pooling averages, batch norm, bias, residual adds) stay <em>pending</em> until a
 * non-linearity or a consumer fixes them into a population, so batch norm and biases fold into the layer
 * they follow and a residual add becomes a population with several incoming projections. The result has
 * ReLU semantics in every hidden population and a linear output population; its rate-limit forward pass
 * ({@code AnalogForward}) is the imported ANN's forward pass.
 * <p>
 * Weights arrive in the framework's layout (OIHW kernels, input-major dense matrices in the framework's
 * flatten order) and leave in the simulator's channels-last layout.
 */
public final class AnnGraphBuilder {
    /** Order in which a framework flattens a C x H x W tensor. */
    public enum FlattenOrder { CHW, HWC }

    /** A value flowing through the imported graph. */
    public interface Value {
        Shape shape();
    }

    /** Activations of a population (post-ReLU unless it is the input). */
    public record Fixed(Population population) implements Value {
        public Shape shape() {
            return population.shape();
        }
    }

    /**
     * A linear combination not yet a population: projections aimed at a placeholder of the target's shape, rewired
     * to the real population when a non-linearity or a consumer fixes it.
     */
    public record Pending(String name, Shape shape, List<Projection> projections, float[] bias, boolean nonNegative) implements Value {
    }

    /** A flattened population, with the order its consumer's weights assume. */
    public record Flat(Value inner, FlattenOrder order) implements Value {
        public Shape shape() {
            return Shape.flat(inner.shape().size());
        }
    }

    /** Channel concatenation of fixed values. */
    public record Concat(List<Fixed> parts, Shape shape) implements Value {
    }

    private final Network.Builder builder;
    private final Set<String> names = new HashSet<>();
    private final List<Population> populations = new ArrayList<>();
    private int projectionCount;

    public AnnGraphBuilder(String networkName) {
        this.builder = Network.builder(networkName);
    }

    public AnnGraphBuilder meta(String k, String v) {
        builder.meta(k, v);
        return this;
    }

    private String unique(String raw) {
        String base = raw == null || raw.isBlank() ? "layer" : raw.replaceAll("[^A-Za-z0-9_.:-]+", "_").replaceAll("^[_.]+", "");
        if (base.isEmpty()) base = "layer";
        String n = base;
        int k = 2;
        while (!names.add(n)) n = base + "_" + k++;
        return n;
    }

    public Fixed input(String name, Shape shape) {
        Population p = Population.input(unique(name), shape);
        builder.add(p);
        populations.add(p);
        return new Fixed(p);
    }

    // ---------------------------------------------------------------- linear operations

    /**
     * Convolution with an OIHW kernel {@code w[co][ci][ky][kx]}; pads are top, left, bottom, right.
     */
    public Pending conv(String name, Value x, float[] oihw, int cout, int cin, int kh, int kw, int sh, int sw,
                        int pt, int pl, int pb, int pr, int dh, int dw, float[] bias) {
        Shape s = x.shape();
        if (s.channels() != cin) {
            throw new ModelException(name + ": convolution expects " + cin + " input channels, got " + s.channels());
        }
        int oh = (s.height() + pt + pb - dh * (kh - 1) - 1) / sh + 1;
        int ow = (s.width() + pl + pr - dw * (kw - 1) - 1) / sw + 1;
        if (oh < 1 || ow < 1) throw new ModelException(name + ": convolution output would be empty for input " + s);
        Shape out = Shape.chw(cout, oh, ow);
        List<Projection> specs = new ArrayList<>();
        Population target = placeholder(out);
        int offset = 0;
        for (Fixed part : parts(name, x)) {
            int c = part.shape().channels();
            float[] hwio = new float[kh * kw * c * cout];
            for (int co = 0; co < cout; co++)
                for (int ci = 0; ci < c; ci++)
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++)
                            hwio[((ky * kw + kx) * c + ci) * cout + co] = oihw[((co * cin + offset + ci) * kh + ky) * kw + kx];
            specs.add(new ConvProjection(name, part.population(), target, new Window(kh, kw, sh, sw, pt, pl, dh, dw), hwio));
            offset += c;
        }
        return new Pending(name, out, specs, bias == null ? null : bias.clone(), false);
    }

    /**
     * Transposed convolution with the framework's kernel {@code w[ci][j][ky][kx]} (input channels, output channels
     * per group, kernel rows, columns: the ONNX and PyTorch layout); pads are top, left, bottom, right; the output
     * is {@code (in - 1) * stride - padBefore - padAfter + dilation * (kernel - 1) + 1 + outputPadding}.
     */
    public Pending convTranspose(String name, Value x, float[] w, int cin, int coutPerGroup, int groups, int kh, int kw,
                                 int sh, int sw, int pt, int pl, int pb, int pr, int dh, int dw, int oph, int opw,
                                 float[] bias) {
        Shape s = x.shape();
        if (s.channels() != cin) {
            throw new ModelException(name + ": transposed convolution expects " + cin + " input channels, got " + s.channels());
        }
        if (groups < 1 || cin % groups != 0) {
            throw new ModelException(name + ": " + groups + " groups do not divide " + cin + " input channels");
        }
        if (oph < 0 || opw < 0 || (oph >= sh && oph >= dh) || (opw >= sw && opw >= dw)) {
            throw new ModelException(name + ": output padding " + oph + "x" + opw + " must be smaller than the stride or dilation");
        }
        int oh = (s.height() - 1) * sh - pt - pb + dh * (kh - 1) + 1 + oph;
        int ow = (s.width() - 1) * sw - pl - pr + dw * (kw - 1) + 1 + opw;
        if (oh < 1 || ow < 1) throw new ModelException(name + ": transposed convolution output would be empty for input " + s);
        if (pb < 0 || pr < 0 || pt < 0 || pl < 0) throw new ModelException(name + ": negative padding is not supported");
        int cout = coutPerGroup * groups;
        Shape out = Shape.chw(cout, oh, ow);
        Population target = placeholder(out);
        List<Fixed> parts = parts(name, x);
        if (groups != 1 && parts.size() != 1) {
            throw new ModelException(name + ": a grouped transposed convolution of a concatenation is not supported");
        }
        List<Projection> specs = new ArrayList<>();
        int offset = 0;
        for (Fixed part : parts) {
            int c = part.shape().channels();
            float[] hwio = new float[kh * kw * c * coutPerGroup];
            for (int ci = 0; ci < c; ci++)
                for (int j = 0; j < coutPerGroup; j++)
                    for (int ky = 0; ky < kh; ky++)
                        for (int kx = 0; kx < kw; kx++)
                            hwio[((ky * kw + kx) * c + ci) * coutPerGroup + j] = w[(((offset + ci) * coutPerGroup + j) * kh + ky) * kw + kx];
            specs.add(new ConvTransposeProjection(name, part.population(), target, new Window(kh, kw, sh, sw, pt, pl, dh, dw),
                groups, hwio));
            offset += c;
        }
        return new Pending(name, out, specs, bias == null ? null : bias.clone(), false);
    }

    /** Nearest-neighbour upsampling by integer factors (a relay population that keeps its source's scale). */
    public Pending upsampleNearest(String name, Value x, int factorH, int factorW) {
        if (factorH < 1 || factorW < 1) throw new ModelException(name + ": upsampling factors must be positive integers");
        Shape s = x.shape();
        long oh = (long) s.height() * factorH, ow = (long) s.width() * factorW;
        if (oh > Integer.MAX_VALUE || ow > Integer.MAX_VALUE) {
            throw new ModelException(name + ": upsampling " + s + " by " + factorH + "x" + factorW + " gives an output of "
                + oh + "x" + ow + " positions, more than any limit allows");
        }
        Shape out = Shape.chw(s.channels(), (int) oh, (int) ow);
        Population target = placeholder(out);
        List<Fixed> parts = parts(name, x);
        if (parts.size() != 1) {
            throw new ModelException(name + ": upsampling a concatenation is not supported (upsample each part before it)");
        }
        return new Pending(name, out, List.of(ConvTransposeProjection.nearestUpsampling(name, parts.get(0).population(),
            target, factorH, factorW)), null, true);
    }

    /** Bilinear upsampling by integer factors: a fixed-weight depthwise projection ({@link LinearResizeProjection}). */
    public Pending upsampleBilinear(String name, Value x, int factorH, int factorW, LinearResizeProjection.Mode mode) {
        if (factorH < 1 || factorW < 1) throw new ModelException(name + ": upsampling factors must be positive integers");
        Shape s = x.shape();
        Shape out = Shape.chw(s.channels(), s.height() * factorH, s.width() * factorW);
        Population target = placeholder(out);
        List<Fixed> parts = parts(name, x);
        if (parts.size() != 1) {
            throw new ModelException(name + ": upsampling a concatenation is not supported (upsample each part before it)");
        }
        return new Pending(name, out, List.of(new LinearResizeProjection(name, parts.get(0).population(), target, factorH,
            factorW, mode)), null, true);
    }

    /**
     * Dense layer; {@code w[f * out + j]} where f is the input index in the framework's order (for a flattened
     * C x H x W tensor, the order given by the {@link Flat} value).
     */
    public Pending dense(String name, Value x, float[] w, int in, int out, float[] bias) {
        if (x.shape().size() != in) {
            throw new ModelException(name + ": dense layer expects " + in + " inputs, got " + x.shape().size() + " " + x.shape());
        }
        Value inner = x instanceof Flat f ? f.inner() : x;
        FlattenOrder order = x instanceof Flat f ? f.order() : FlattenOrder.HWC;
        List<Projection> specs = new ArrayList<>();
        Population target = placeholder(Shape.flat(out));
        int channelOffset = 0;
        int totalC = inner.shape().channels();
        int h = inner.shape().height(), wd = inner.shape().width();
        for (Fixed part : parts(name, inner)) {
            Shape ps = part.shape();
            float[] rows = new float[ps.size() * out];
            for (int y = 0; y < h; y++)
                for (int xx = 0; xx < wd; xx++)
                    for (int c = 0; c < ps.channels(); c++) {
                        int cc = channelOffset + c;
                        int f = order == FlattenOrder.CHW ? (cc * h + y) * wd + xx : (y * wd + xx) * totalC + cc;
                        int i = ps.index(c, y, xx);
                        System.arraycopy(w, f * out, rows, i * out, out);
                    }
            specs.add(new DenseProjection(name, part.population(), target, rows));
            channelOffset += ps.channels();
        }
        return new Pending(name, Shape.flat(out), specs, bias == null ? null : bias.clone(), false);
    }

    /** Average pooling; with {@code countIncludePad == false} padding must be zero. */
    public Pending avgPool(String name, Value x, int kh, int kw, int sh, int sw, int pt, int pl, int pb, int pr) {
        Shape s = x.shape();
        int oh = (s.height() + pt + pb - kh) / sh + 1;
        int ow = (s.width() + pl + pr - kw) / sw + 1;
        return pool(name, x, PoolProjection.window(kh, kw, sh, sw, pt, pl), Shape.chw(s.channels(), oh, ow), 1f / (kh * kw));
    }

    public Pending globalAvgPool(String name, Value x) {
        Shape s = x.shape();
        return pool(name, x, PoolProjection.window(s.height(), s.width(), s.height(), s.width(), 0, 0),
            Shape.chw(s.channels(), 1, 1), 1f / (s.height() * s.width()));
    }

    private Pending pool(String name, Value x, Window window, Shape out, float weight) {
        List<Projection> specs = new ArrayList<>();
        Population target = placeholder(out);
        int offset = 0;
        for (Fixed part : parts(name, x)) {
            specs.add(new AvgPoolProjection(name, part.population(), target, window, offset, weight));
            offset += part.shape().channels();
        }
        return new Pending(name, out, specs, null, true);
    }

    /** A stand-in target of the right shape for projections whose population does not exist yet. */
    /** The target of a layer being built; an output beyond {@code --max-elements} is refused before any geometry is made. */
    private static Population placeholder(Shape shape) {
        long n = (long) shape.channels() * shape.height() * shape.width();
        long max = org.spikeflow.io.InputLimits.current().maxElements();
        if (n > max) {
            throw new ModelException("output " + shape.channels() + "x" + shape.height() + "x" + shape.width() + " holds " + n
                + " elements, more than the limit of " + max + " (raise it with --max-elements)");
        }
        return Population.spiking("pending", shape, NeuronParams.IF_SOFT);
    }

    /** Spiking max pooling of non-negative activations: a max-pool population. */
    public Fixed maxPool(String name, Value x, int kh, int kw, int sh, int sw, int pt, int pl, int pb, int pr, boolean ceil) {
        Shape s = x.shape();
        int oh = ceilOrFloor(s.height() + pt + pb - kh, sh, ceil) + 1;
        int ow = ceilOrFloor(s.width() + pl + pr - kw, sw, ceil) + 1;
        Population p = Population.maxPool(unique(name), Shape.chw(s.channels(), oh, ow));
        builder.add(p);
        populations.add(p);
        int offset = 0;
        for (Fixed part : parts(name, x)) {
            builder.connect(new MaxPoolProjection(unique(name + ".pool"), part.population(), p,
                PoolProjection.window(kh, kw, sh, sw, pt, pl), offset));
            offset += part.shape().channels();
        }
        return new Fixed(p);
    }

    private static int ceilOrFloor(int a, int b, boolean ceil) {
        return ceil ? (a + b - 1) / b : a / b;
    }

    /** Per-channel affine map {@code y = x * scale + shift} (batch normalization, scaling), folded into the layer. */
    public Pending affine(String name, Value x, float[] scale, float[] shift) {
        if (!(x instanceof Pending p)) {
            throw new ModelException(name + ": a per-channel scale or batch normalization after a non-linearity is not supported"
                + " (it must follow a convolution or dense layer)");
        }
        int c = p.shape().channels();
        if (scale.length != c || shift.length != c) {
            throw new ModelException(name + ": " + scale.length + " scale values for " + c + " channels");
        }
        List<Projection> specs = new ArrayList<>();
        for (Projection sp : p.projections()) {
            try {
                specs.add(sp.scaledByTargetChannel(scale));
            } catch (org.spikeflow.graph.GraphException e) {
                throw new ModelException(name + ": per-channel scaling after pooling is not supported");
            }
        }
        float[] bias = new float[c];
        for (int k = 0; k < c; k++) bias[k] = (p.bias() == null ? 0f : p.bias()[k]) * scale[k] + shift[k];
        return new Pending(p.name(), p.shape(), specs, bias, false);
    }

    /** Adds a per-channel constant. */
    public Pending addBias(String name, Value x, float[] bias) {
        float[] ones = new float[x.shape().channels()];
        java.util.Arrays.fill(ones, 1f);
        if (!(x instanceof Pending)) {
            throw new ModelException(name + ": adding a constant to activations is only supported right after a linear layer");
        }
        return affine(name, x, ones, bias);
    }

    /** Element-wise sum of two values of equal shape (residual connection). */
    public Pending add(String name, Value a, Value b) {
        if (!a.shape().equals(b.shape())) {
            throw new ModelException(name + ": cannot add shapes " + a.shape() + " and " + b.shape());
        }
        Pending pa = asPending(name, a);
        Pending pb = asPending(name, b);
        List<Projection> specs = new ArrayList<>(pa.projections());
        specs.addAll(pb.projections());
        float[] bias = null;
        if (pa.bias() != null || pb.bias() != null) {
            bias = new float[a.shape().channels()];
            for (int k = 0; k < bias.length; k++) {
                bias[k] = (pa.bias() == null ? 0f : pa.bias()[k]) + (pb.bias() == null ? 0f : pb.bias()[k]);
            }
        }
        return new Pending(name, a.shape(), specs, bias, pa.nonNegative() && pb.nonNegative() && bias == null);
    }

    private Pending asPending(String name, Value v) {
        if (v instanceof Pending p) return p;
        if (v instanceof Fixed f) {
            Shape s = f.shape();
            int c = s.channels();
            float[] eye = new float[c * c];
            for (int i = 0; i < c; i++) eye[i * c + i] = 1f;
            Projection identity = s.isFlat() ? new DenseProjection(name, f.population(), placeholder(s), eye)
                : new ConvProjection(name, f.population(), placeholder(s), Window.square(1, 1, 0), eye);
            return new Pending(name, s, List.of(identity), null, true);
        }
        throw new ModelException(name + ": unsupported operand for add: " + v.getClass().getSimpleName());
    }

    /** Channel concatenation. */
    public Concat concat(String name, List<Value> values) {
        List<Fixed> parts = new ArrayList<>();
        Shape first = values.get(0).shape();
        int c = 0;
        for (Value v : values) {
            if (v.shape().height() != first.height() || v.shape().width() != first.width()) {
                throw new ModelException(name + ": cannot concatenate " + first + " and " + v.shape());
            }
            parts.addAll(parts(name, v));
            c += v.shape().channels();
        }
        return new Concat(parts, Shape.chw(c, first.height(), first.width()));
    }

    public Flat flatten(String name, Value x, FlattenOrder order) {
        if (x instanceof Flat f) return f;
        Value inner = x instanceof Pending ? fix(x, true) : x;
        return new Flat(inner, order);
    }

    // ---------------------------------------------------------------- non-linearity and fixing

    /** ReLU: fixes a pending layer into a spiking population. */
    public Fixed relu(String name, Value x) {
        return fix(x, true);
    }

    /**
     * Fixes a value into a population. {@code relu} says whether the value passes through a ReLU; a linear
     * layer that can go negative and is not the output cannot be represented by rate-coded neurons.
     */
    public Fixed fix(Value x, boolean relu) {
        if (x instanceof Fixed f) return f;
        if (x instanceof Flat fl) return fix(fl.inner(), relu);
        if (x instanceof Concat c) {
            throw new ModelException("a channel concatenation must feed a convolution, pooling or dense layer");
        }
        Pending p = (Pending) x;
        if (!relu && !p.nonNegative()) {
            throw new ModelException(p.name() + ": a linear layer without an activation feeding another layer is not supported");
        }
        return materialize(p);
    }

    private Fixed materialize(Pending p) {
        Population pop = Population.spiking(unique(p.name()), p.shape(), NeuronParams.IF_SOFT, p.bias());
        builder.add(pop);
        populations.add(pop);
        for (Projection s : p.projections()) {
            builder.connect(s.copy(unique(p.name() + (s.inheritsScale() ? ".pool" : ".w")), s.source(), pop));
            projectionCount++;
        }
        return new Fixed(pop);
    }

    private List<Fixed> parts(String name, Value x) {
        if (x instanceof Fixed f) return List.of(f);
        if (x instanceof Concat c) return c.parts();
        if (x instanceof Pending p) {
            if (!p.nonNegative()) {
                throw new ModelException(name + ": input comes from a linear layer without an activation (not supported)");
            }
            return List.of(materialize(p));
        }
        throw new ModelException(name + ": a flattened tensor cannot feed this layer");
    }

    /** Builds the network; the output value becomes the (linear) output population. */
    public Network build(Value output) {
        Value out = output instanceof Flat f ? f.inner() : output;
        Population o;
        if (out instanceof Pending p) {
            o = materialize(p).population();
        } else if (out instanceof Fixed f && f.population().kind() == org.spikeflow.graph.PopulationKind.SPIKING) {
            o = f.population();
        } else {
            throw new ModelException("the model output must come from a dense, convolution or pooling layer");
        }
        return builder.output(o).build();
    }
}
