package org.spikeflow.engine.dense;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.Engine;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.InputEncoder;
import org.spikeflow.engine.MaxPoolGate;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.Readout;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import org.spikeflow.graph.ProjectionKind;
import org.spikeflow.graph.Shape;
import org.spikeflow.neuron.NeuronDynamics;

import java.util.Arrays;
import java.util.List;

/**
 * The dense time-stepped reference: every timestep, every population in topological order computes every
 * weight's contribution from the full activity vector of its sources (gather form), then updates every
 * neuron. Written for clarity; it is the yardstick the event-driven engine is tested against. Runs on the
 * calling thread ({@code threads} is ignored).
 */
public final class DenseEngine implements Engine {

    @Override
    public EngineKind kind() {
        return EngineKind.DENSE;
    }

    /** Sees the input current of every spiking population at every timestep (bias included), before the update. */
    @FunctionalInterface
    public interface CurrentObserver {
        void onCurrent(int sample, int timestep, int populationId, float[] current);
    }

    @Override
    public SimulationResult run(Network net, Dataset data, SimulationConfig cfg) {
        return run(net, data, cfg, null);
    }

    /** Runs the reference and reports input currents to {@code observer} (used by calibration passes). */
    public SimulationResult run(Network net, Dataset data, SimulationConfig cfg, CurrentObserver observer) {
        org.spikeflow.engine.Engines.checkInput(net, data, cfg);
        final long start = System.nanoTime();
        final List<Population> pops = net.populations();
        final int np = pops.size();
        final int steps = cfg.timesteps();
        final int[] checkpoints = cfg.checkpoints();
        final float[][] activity = new float[np][];
        final float[][] v = new float[np][];
        final int[][] refractory = new int[np][];
        final float[][] current = new float[np][];
        final float[][][] acc = new float[np][][];
        final boolean[][] touched = new boolean[np][];
        final float[][] bias = new float[np][];
        final float[] decay = new float[np];
        final PopulationCounters[] counters = new PopulationCounters[np];
        final MaxPoolGate[][] gates = new MaxPoolGate[np][];
        int maxSize = 0;
        for (Population p : pops) {
            final int id = p.id();
            activity[id] = new float[p.size()];
            counters[id] = new PopulationCounters(steps);
            maxSize = Math.max(maxSize, p.size());
            if (p.kind() == PopulationKind.INPUT) continue;
            List<Projection> in = net.incoming(id);
            acc[id] = new float[in.size()][p.size()];
            touched[id] = new boolean[p.size()];
            if (p.kind() == PopulationKind.SPIKING) {
                v[id] = new float[p.size()];
                refractory[id] = new int[p.size()];
                current[id] = new float[p.size()];
                bias[id] = p.biasPerChannel();
                decay[id] = p.neuron().decay();
            } else {
                gates[id] = new MaxPoolGate[in.size()];
                for (int k = 0; k < in.size(); k++) gates[id][k] = new MaxPoolGate((PoolProjection) in.get(k));
            }
        }
        final int[] spikeIndex = new int[maxSize];
        final int[] spikeCount = new int[maxSize];
        final float[] inputValue = new float[net.input().size()];
        final int[] inputIndex = new int[net.input().size()];
        final InputEncoder encoder = new InputEncoder(cfg, net.input().size());
        final Population out = net.output();
        final Readout readout = new Readout(cfg.readout(), out);
        final SpikeListener listener = cfg.listener();
        final int[][] predictions = new int[data.size()][checkpoints.length];
        final long[] stepSpikes = new long[np];
        long denseOps = 0;

        for (int s = 0; s < data.size(); s++) {
            for (Population p : pops) {
                final int id = p.id();
                if (p.kind() == PopulationKind.SPIKING) {
                    Arrays.fill(v[id], p.neuron().initialMembrane());
                    Arrays.fill(refractory[id], 0);
                } else if (p.kind() == PopulationKind.MAX_POOL) {
                    for (MaxPoolGate g : gates[id]) g.reset();
                }
            }
            readout.reset();
            encoder.start(s, data.samples()[s]);
            int nextCheckpoint = 0;
            for (int t = 0; t < steps; t++) {
                // Input.
                final int inId = net.input().id();
                Arrays.fill(activity[inId], 0f);
                final int events = encoder.next(inputIndex, inputValue);
                for (int e = 0; e < events; e++) activity[inId][inputIndex[e]] = inputValue[e];
                stepSpikes[inId] = events;
                counters[inId].spikes[t] += events;
                if (listener != null) {
                    for (int e = 0; e < events; e++) {
                        spikeIndex[e] = inputIndex[e];
                        spikeCount[e] = 1;
                    }
                    listener.onSpikes(s, t, inId, spikeIndex, spikeCount, events);
                }
                for (Population p : pops) {
                    if (p.kind() == PopulationKind.INPUT) continue;
                    final int id = p.id();
                    final List<Projection> in = net.incoming(id);
                    final PopulationCounters pc = counters[id];
                    Arrays.fill(touched[id], false);
                    long arriving = 0;
                    boolean[] seenSource = new boolean[np];
                    for (int k = 0; k < in.size(); k++) {
                        final Projection pr = in.get(k);
                        final float[] a = activity[pr.source().id()];
                        if (!seenSource[pr.source().id()]) {
                            seenSource[pr.source().id()] = true;
                            arriving += stepSpikes[pr.source().id()];
                        }
                        Arrays.fill(acc[id][k], 0f);
                        if (pr.kind() != ProjectionKind.MAX_POOL) {
                            gather(pr, a, acc[id][k], touched[id]);
                            denseOps += pr.connections();
                        } else {
                            markPoolTouched((PoolProjection) pr, a, touched[id]);
                        }
                        long synops = 0;
                        if (pr.kind() != ProjectionKind.MAX_POOL) {
                            for (int i = 0; i < a.length; i++) if (a[i] != 0f) synops += pr.fanOut(i);
                        }
                        pc.synops[t] += synops;
                    }
                    pc.inputSpikes[t] += arriving;
                    long active = 0;
                    for (boolean b : touched[id]) if (b) active++;
                    pc.activeNeurons[t] += active;

                    final float[] act = activity[id];
                    int n;
                    if (p.kind() == PopulationKind.SPIKING) {
                        NeuronDynamics.assembleCurrent(current[id], bias[id], p.shape().channels(), acc[id]);
                        if (observer != null) observer.onCurrent(s, t, id, current[id]);
                        n = NeuronDynamics.step(p.neuron(), decay[id], v[id], refractory[id], current[id], spikeIndex, spikeCount);
                        Arrays.fill(act, 0f);
                        for (int e = 0; e < n; e++) act[spikeIndex[e]] = spikeCount[e];
                    } else {
                        Arrays.fill(act, 0f);
                        for (int k = 0; k < in.size(); k++) gates[id][k].step(activity[in.get(k).source().id()], act);
                        n = 0;
                        for (int j = 0; j < act.length; j++) {
                            if (act[j] != 0f) {
                                spikeIndex[n] = j;
                                spikeCount[n++] = (int) act[j];
                            }
                        }
                    }
                    long spikes = 0;
                    for (int e = 0; e < n; e++) spikes += spikeCount[e];
                    stepSpikes[id] = spikes;
                    pc.spikes[t] += spikes;
                    if (listener != null) listener.onSpikes(s, t, id, spikeIndex, spikeCount, n);
                    if (p == out) readout.record(t, spikeIndex, spikeCount, n);
                }
                if (nextCheckpoint < checkpoints.length && t + 1 == checkpoints[nextCheckpoint]) {
                    predictions[s][nextCheckpoint++] = readout.predict(v[out.id()]);
                }
            }
            if (cfg.progress() != null) cfg.progress().accept(s + 1);
        }
        if (listener != null) listener.close();
        return new SimulationResult(net, cfg, EngineKind.DENSE, data.labels().clone(), predictions, counters,
            (System.nanoTime() - start) / 1e9, denseOps);
    }

    /** Adds every weight's contribution: {@code acc[j] = sum_i w(i, j) * a[i]} in ascending input order. */
    static void gather(Projection pr, float[] a, float[] acc, boolean[] touched) {
        switch (pr.kind()) {
            case DENSE -> {
                final DenseProjection d = (DenseProjection) pr;
                final float[] w = d.weights();
                final int out = acc.length;
                boolean any = false;
                for (int i = 0; i < a.length; i++) {
                    final float ai = a[i];
                    if (ai != 0f) any = true;
                    final int row = i * out;
                    for (int j = 0; j < out; j++) acc[j] += w[row + j] * ai;
                }
                if (any) Arrays.fill(touched, true);
            }
            case CONV -> {
                final ConvProjection c = (ConvProjection) pr;
                final Shape s = c.source().shape();
                final Shape t = c.target().shape();
                final float[] w = c.weights();
                final int cin = s.channels();
                final int cout = t.channels();
                for (int oy = 0; oy < t.height(); oy++) {
                    for (int ox = 0; ox < t.width(); ox++) {
                        for (int co = 0; co < cout; co++) {
                            float sum = 0f;
                            boolean any = false;
                            for (int ky = 0; ky < c.kernelH(); ky++) {
                                final int iy = oy * c.strideH() - c.padTop() + ky * c.dilationH();
                                if (iy < 0 || iy >= s.height()) continue;
                                for (int kx = 0; kx < c.kernelW(); kx++) {
                                    final int ix = ox * c.strideW() - c.padLeft() + kx * c.dilationW();
                                    if (ix < 0 || ix >= s.width()) continue;
                                    for (int ci = 0; ci < cin; ci++) {
                                        final float ai = a[(iy * s.width() + ix) * cin + ci];
                                        if (ai != 0f) any = true;
                                        sum += w[((ky * c.kernelW() + kx) * cin + ci) * cout + co] * ai;
                                    }
                                }
                            }
                            final int j = (oy * t.width() + ox) * cout + co;
                            acc[j] = sum;
                            if (any) touched[j] = true;
                        }
                    }
                }
            }
            case AVG_POOL -> {
                final PoolProjection p = (PoolProjection) pr;
                final Shape s = p.source().shape();
                final Shape t = p.target().shape();
                final int c = s.channels();
                final float wt = p.weight();
                for (int oy = 0; oy < t.height(); oy++) {
                    for (int ox = 0; ox < t.width(); ox++) {
                        for (int ch = 0; ch < c; ch++) {
                            float sum = 0f;
                            boolean any = false;
                            for (int ky = 0; ky < p.kernelH(); ky++) {
                                final int iy = oy * p.strideH() - p.padTop() + ky;
                                if (iy < 0 || iy >= s.height()) continue;
                                for (int kx = 0; kx < p.kernelW(); kx++) {
                                    final int ix = ox * p.strideW() - p.padLeft() + kx;
                                    if (ix < 0 || ix >= s.width()) continue;
                                    final float ai = a[(iy * s.width() + ix) * c + ch];
                                    if (ai != 0f) any = true;
                                    sum += wt * ai;
                                }
                            }
                            final int j = (oy * t.width() + ox) * t.channels() + p.targetChannelOffset() + ch;
                            acc[j] = sum;
                            if (any) touched[j] = true;
                        }
                    }
                }
            }
            default -> throw new IllegalStateException("no dense form for " + pr.kind());
        }
    }

    private static void markPoolTouched(PoolProjection p, float[] a, boolean[] touched) {
        final Shape s = p.source().shape();
        final Shape t = p.target().shape();
        final int c = s.channels();
        for (int oy = 0; oy < t.height(); oy++) {
            for (int ox = 0; ox < t.width(); ox++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int ky = 0; ky < p.kernelH(); ky++) {
                        final int iy = oy * p.strideH() - p.padTop() + ky;
                        if (iy < 0 || iy >= s.height()) continue;
                        for (int kx = 0; kx < p.kernelW(); kx++) {
                            final int ix = ox * p.strideW() - p.padLeft() + kx;
                            if (ix < 0 || ix >= s.width()) continue;
                            if (a[(iy * s.width() + ix) * c + ch] != 0f) {
                                touched[(oy * t.width() + ox) * t.channels() + p.targetChannelOffset() + ch] = true;
                            }
                        }
                    }
                }
            }
        }
    }
}
