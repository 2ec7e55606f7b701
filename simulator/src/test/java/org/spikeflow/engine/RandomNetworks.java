package org.spikeflow.engine;

import org.spikeflow.data.Dataset;
import org.spikeflow.graph.AvgPoolProjection;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.ConvTransposeProjection;
import org.spikeflow.graph.Window;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.LinearResizeProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronModel;
import org.spikeflow.graph.MaxPoolProjection;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.RecurrentProjection;
import org.spikeflow.graph.ResetMode;
import org.spikeflow.graph.Shape;

import java.util.SplittableRandom;

/** Seeded random networks covering every projection type and neuron model. */
final class RandomNetworks {
    enum Topology { DENSE_CHAIN, CONV_STRIDED_AVGPOOL, CONV_DILATED_MAXPOOL, RESIDUAL, CONCAT, RECURRENT, UNET, UNET_BILINEAR }

    private RandomNetworks() {
    }

    static NeuronParams randomNeuron(SplittableRandom r) {
        NeuronModel model = r.nextBoolean() ? NeuronModel.IF : NeuronModel.LIF;
        ResetMode reset = r.nextInt(3) == 0 ? ResetMode.ZERO : ResetMode.SUBTRACT;
        float threshold = 0.5f + (float) r.nextDouble() * 1.5f;
        float init = r.nextBoolean() ? 0.5f : (float) r.nextDouble() * 0.9f;
        int maxSpikes = r.nextInt(3) == 0 ? 1 + r.nextInt(3) : 1;
        int refractory = maxSpikes == 1 && r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 0;
        float tau = 5f + (float) r.nextDouble() * 20f;
        return new NeuronParams(model, reset, threshold, init, maxSpikes, tau, 1f, refractory);
    }

    static float[] weights(SplittableRandom r, int n, double scale) {
        float[] w = new float[n];
        for (int i = 0; i < n; i++) w[i] = (float) ((r.nextDouble() - 0.35) * scale);
        return w;
    }

    static float[] bias(SplittableRandom r, int c) {
        if (r.nextBoolean()) return null;
        float[] b = new float[c];
        for (int i = 0; i < c; i++) b[i] = (float) ((r.nextDouble() - 0.3) * 0.2);
        return b;
    }

    static Population spiking(SplittableRandom r, String name, Shape s) {
        return Population.spiking(name, s, randomNeuron(r), bias(r, s.channels()));
    }

    static Network build(Topology topology, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network.Builder b = Network.builder(topology + "-" + seed);
        switch (topology) {
            case DENSE_CHAIN -> {
                Population in = Population.input("in", Shape.flat(20));
                Population h1 = spiking(r, "h1", Shape.flat(16));
                Population h2 = spiking(r, "h2", Shape.flat(12));
                Population out = spiking(r, "out", Shape.flat(5));
                b.add(in).add(h1).add(h2).add(out)
                    .connect(new DenseProjection("p1", in, h1, weights(r, 20 * 16, 0.8)))
                    .connect(new DenseProjection("p2", h1, h2, weights(r, 16 * 12, 0.9)))
                    .connect(new DenseProjection("p3", h2, out, weights(r, 12 * 5, 0.9)))
                    .output(out);
            }
            case CONV_STRIDED_AVGPOOL -> {
                Population in = Population.input("in", Shape.chw(2, 9, 9));
                // 9x9, k3, stride 2, pad 1 -> 5x5
                Population c1 = spiking(r, "c1", Shape.chw(4, 5, 5));
                // avg pool 2x2 stride 1 -> 4x4
                Population a1 = spiking(r, "a1", Shape.chw(4, 4, 4));
                Population out = spiking(r, "out", Shape.flat(5));
                b.add(in).add(c1).add(a1).add(out)
                    .connect(new ConvProjection("conv", in, c1, 3, 3, 2, 2, 1, 1, 1, 1, weights(r, 9 * 2 * 4, 0.7)))
                    .connect(new AvgPoolProjection("avg", c1, a1, PoolProjection.window(2, 2, 1, 1, 0, 0), 0,
                        0.25f + (float) r.nextDouble()))
                    .connect(new DenseProjection("fc", a1, out, weights(r, 64 * 5, 0.6)))
                    .output(out);
            }
            case CONV_DILATED_MAXPOOL -> {
                Population in = Population.input("in", Shape.chw(3, 10, 8));
                // k3 dilation 2, pad 2 top / 1 left: H: (10+2+2-4-1)/1+1 = 10 rows with bottom pad 2; W: 8+1+1-5+1 = 6
                Population c1 = spiking(r, "c1", Shape.chw(5, 10, 6));
                Population m1 = Population.maxPool("m1", Shape.chw(5, 5, 3));
                Population c2 = spiking(r, "c2", Shape.chw(3, 3, 2));
                Population out = spiking(r, "out", Shape.flat(4));
                b.add(in).add(c1).add(m1).add(c2).add(out)
                    .connect(new ConvProjection("conv1", in, c1, 3, 3, 1, 1, 2, 1, 2, 2, weights(r, 9 * 3 * 5, 0.6)))
                    .connect(PoolProjection.max("pool", c1, m1, 2, 2))
                    .connect(new ConvProjection("conv2", m1, c2, 2, 2, 2, 2, 0, 0, 1, 1, weights(r, 4 * 5 * 3, 0.8)))
                    .connect(new DenseProjection("fc", c2, out, weights(r, 18 * 4, 0.8)))
                    .output(out);
            }
            case RESIDUAL -> {
                Population in = Population.input("in", Shape.chw(2, 6, 6));
                Population c1 = spiking(r, "c1", Shape.chw(3, 6, 6));
                Population c2 = spiking(r, "c2", Shape.chw(3, 6, 6));
                Population merge = spiking(r, "merge", Shape.chw(3, 6, 6));
                Population out = spiking(r, "out", Shape.flat(5));
                b.add(in).add(c1).add(c2).add(merge).add(out)
                    .connect(new ConvProjection("conv1", in, c1, 3, 1, 1, weights(r, 9 * 2 * 3, 0.8)))
                    .connect(new ConvProjection("conv2", c1, c2, 3, 1, 1, weights(r, 9 * 3 * 3, 0.6)))
                    .connect(new ConvProjection("conv3", c2, merge, 3, 1, 1, weights(r, 9 * 3 * 3, 0.6)))
                    .connect(new ConvProjection("skip", c1, merge, 1, 1, 0, weights(r, 3 * 3, 1.0)))
                    .connect(new DenseProjection("fc", merge, out, weights(r, 108 * 5, 0.5)))
                    .connect(new DenseProjection("fc-skip", in, out, weights(r, 72 * 5, 0.3)))
                    .output(out);
            }
            case CONCAT -> {
                Population in = Population.input("in", Shape.chw(1, 8, 8));
                Population a = spiking(r, "a", Shape.chw(3, 8, 8));
                Population bb = spiking(r, "b", Shape.chw(2, 8, 8));
                Population m = Population.maxPool("cat-pool", Shape.chw(5, 4, 4));
                Population avg = spiking(r, "cat-avg", Shape.chw(5, 4, 4));
                Population c = spiking(r, "c", Shape.chw(4, 4, 4));
                Population out = spiking(r, "out", Shape.flat(3));
                b.add(in).add(a).add(bb).add(m).add(avg).add(c).add(out)
                    .connect(new ConvProjection("ca", in, a, 3, 1, 1, weights(r, 9 * 3, 1.0)))
                    .connect(new ConvProjection("cb", in, bb, 5, 1, 2, weights(r, 25 * 2, 0.6)))
                    .connect(new MaxPoolProjection("pa", a, m, PoolProjection.window(2, 2, 2, 2, 0, 0), 0))
                    .connect(new MaxPoolProjection("pb", bb, m, PoolProjection.window(2, 2, 2, 2, 0, 0), 3))
                    .connect(new AvgPoolProjection("qa", a, avg, PoolProjection.window(2, 2, 2, 2, 0, 0), 0, 0.5f))
                    .connect(new AvgPoolProjection("qb", bb, avg, PoolProjection.window(2, 2, 2, 2, 0, 0), 3, 0.5f))
                    .connect(new ConvProjection("cm", m, c, 3, 1, 1, weights(r, 9 * 5 * 4, 0.5)))
                    .connect(new ConvProjection("cavg", avg, c, 1, 1, 0, weights(r, 5 * 4, 0.7)))
                    .connect(new DenseProjection("fc", c, out, weights(r, 64 * 3, 0.5)))
                    .output(out);
            }
            case RECURRENT -> {
                Population in = Population.input("in", Shape.chw(2, 6, 6));
                Population c1 = spiking(r, "c1", Shape.chw(3, 6, 6));
                // current-based neurons, with a multi-spike reset by subtraction to exercise the general update
                Population h = Population.spiking("h", Shape.flat(12), NeuronParams.currentBased(0.9f, 6f, 3f, 1f)
                    .withReset(ResetMode.SUBTRACT).withMaxSpikesPerStep(2), bias(r, 12));
                Population out = spiking(r, "out", Shape.flat(4));
                b.add(in).add(c1).add(h).add(out)
                    .connect(new ConvProjection("conv", in, c1, 3, 1, 1, weights(r, 9 * 2 * 3, 0.8)))
                    // a population onto itself, a convolution and a dense one, and a cycle through two populations
                    .connect(new RecurrentProjection(new ConvProjection("conv-rec", c1, c1, 3, 1, 1, weights(r, 9 * 3 * 3, 0.5))))
                    .connect(new DenseProjection("fc", c1, h, weights(r, 108 * 12, 0.5)))
                    .connect(new RecurrentProjection(new DenseProjection("fc-rec", h, h, weights(r, 12 * 12, 0.8))))
                    .connect(new RecurrentProjection(new DenseProjection("back", h, c1, weights(r, 12 * 108, 0.6))))
                    .connect(new DenseProjection("out", h, out, weights(r, 12 * 4, 0.9)))
                    .output(out);
            }
            case UNET -> {
                // Encoder 8x8 -> max pool 4x4; decoder: a stride-2 transposed convolution (padding 1, output padding 1),
                // a grouped dilated one and nearest upsampling, all concatenated with the skip into a per-pixel head.
                Population in = Population.input("in", Shape.chw(1, 8, 8));
                Population e1 = spiking(r, "e1", Shape.chw(4, 8, 8));
                Population down = Population.maxPool("down", Shape.chw(4, 4, 4));
                Population bott = spiking(r, "bott", Shape.chw(4, 4, 4));
                Population up = spiking(r, "up", Shape.chw(3, 8, 8));
                Population grouped = spiking(r, "grouped", Shape.chw(2, 8, 8));
                Population near = spiking(r, "near", Shape.chw(4, 8, 8));
                Population d1 = spiking(r, "d1", Shape.chw(3, 8, 8));
                Population out = spiking(r, "out", Shape.chw(3, 8, 8));
                b.add(in).add(e1).add(down).add(bott).add(up).add(grouped).add(near).add(d1).add(out)
                    .connect(new ConvProjection("ce1", in, e1, 3, 1, 1, weights(r, 9 * 4, 1.0)))
                    .connect(new MaxPoolProjection("pool", e1, down, PoolProjection.window(2, 2, 2, 2, 0, 0), 0,
                        MaxPoolProjection.Rule.RUNNING_MAX))
                    .connect(new ConvProjection("cb", down, bott, 3, 1, 1, weights(r, 9 * 4 * 4, 0.6)))
                    // (4-1)*2 - 1 - 0 + 2 + 1 = 8 with a 3x3 kernel, padding 1 top/left, output padding 1.
                    .connect(new ConvTransposeProjection("up", bott, up, new Window(3, 3, 2, 2, 1, 1, 1, 1), 1,
                        weights(r, 9 * 4 * 3, 0.8)))
                    // 2x2 kernel dilated 2, stride 2, 2 groups: (4-1)*2 + 2*(2-1) + 1 = 9, padding 1 top/left -> 8.
                    .connect(new ConvTransposeProjection("gr", bott, grouped, new Window(2, 2, 2, 2, 1, 1, 2, 2), 2,
                        weights(r, 4 * 4 * 1, 0.8)))
                    .connect(ConvTransposeProjection.nearestUpsampling("near", bott, near, 2, 2))
                    .connect(new ConvProjection("d-up", up, d1, 3, 1, 1, weights(r, 9 * 3 * 3, 0.6)))
                    .connect(new ConvProjection("d-gr", grouped, d1, 3, 1, 1, weights(r, 9 * 2 * 3, 0.6)))
                    .connect(new ConvProjection("d-near", near, d1, 1, 1, 0, weights(r, 4 * 3, 0.6)))
                    .connect(new ConvProjection("d-skip", e1, d1, 3, 1, 1, weights(r, 9 * 4 * 3, 0.6)))
                    .connect(new ConvProjection("head", d1, out, 1, 1, 0, weights(r, 3 * 3, 0.8)))
                    .output(out);
            }
            case UNET_BILINEAR -> {
                // Encoder 6x6 -> max pool 3x3; decoder: bilinear upsampling in every coordinate mode (one with
                // per-channel gains, as a conversion leaves them), concatenated with the skip into a per-pixel head.
                Population in = Population.input("in", Shape.chw(2, 6, 6));
                Population e1 = spiking(r, "e1", Shape.chw(3, 6, 6));
                Population down = Population.maxPool("down", Shape.chw(3, 3, 3));
                Population bott = spiking(r, "bott", Shape.chw(3, 3, 3));
                Population half = spiking(r, "half", Shape.chw(3, 6, 6));
                Population corners = spiking(r, "corners", Shape.chw(3, 6, 6));
                Population asym = spiking(r, "asym", Shape.chw(3, 6, 6));
                Population d1 = spiking(r, "d1", Shape.chw(3, 6, 6));
                Population out = spiking(r, "out", Shape.chw(2, 6, 6));
                float[] scale = {1f, 2f, 0.5f};
                b.add(in).add(e1).add(down).add(bott).add(half).add(corners).add(asym).add(d1).add(out)
                    .connect(new ConvProjection("ce1", in, e1, 3, 1, 1, weights(r, 9 * 2 * 3, 1.0)))
                    .connect(new MaxPoolProjection("pool", e1, down, PoolProjection.window(2, 2, 2, 2, 0, 0), 0,
                        MaxPoolProjection.Rule.RUNNING_MAX))
                    .connect(new ConvProjection("cb", down, bott, 3, 1, 1, weights(r, 9 * 3 * 3, 0.8)))
                    .connect(new LinearResizeProjection("half", bott, half, 2, 2, LinearResizeProjection.Mode.HALF_PIXEL))
                    .connect(new LinearResizeProjection("corners", bott, corners, 2, 2, LinearResizeProjection.Mode.ALIGN_CORNERS)
                        .normalized(scale, new float[] {0.5f, 0.5f, 0.5f}))
                    .connect(new LinearResizeProjection("asym", bott, asym, 2, 2, LinearResizeProjection.Mode.ASYMMETRIC))
                    .connect(new ConvProjection("d-half", half, d1, 3, 1, 1, weights(r, 9 * 3 * 3, 0.6)))
                    .connect(new ConvProjection("d-corners", corners, d1, 1, 1, 0, weights(r, 3 * 3, 0.6)))
                    .connect(new ConvProjection("d-asym", asym, d1, 1, 1, 0, weights(r, 3 * 3, 0.6)))
                    .connect(new ConvProjection("d-skip", e1, d1, 3, 1, 1, weights(r, 9 * 3 * 3, 0.6)))
                    .connect(new ConvProjection("head", d1, out, 1, 1, 0, weights(r, 3 * 2, 0.8)))
                    .output(out);
            }
        }
        return b.build();
    }

    static Dataset data(Network net, int samples, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = net.input().size();
        float[][] x = new float[samples][n];
        int[] labels = new int[samples];
        for (int s = 0; s < samples; s++) {
            for (int i = 0; i < n; i++) x[s][i] = r.nextDouble() < 0.4 ? 0f : (float) r.nextDouble();
            labels[s] = r.nextInt(net.output().size());
        }
        return new Dataset("random", net.input().shape(), x, labels, net.output().size());
    }
}
