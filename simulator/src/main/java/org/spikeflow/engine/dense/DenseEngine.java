package org.spikeflow.engine.dense;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EarlyExit;
import org.spikeflow.engine.Engine;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.InputEncoder;
import org.spikeflow.engine.Layer;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.PixelPredictions;
import org.spikeflow.engine.Readout;
import org.spikeflow.engine.SampleCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.engine.Traces;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import org.spikeflow.kernel.GatherKernel;

import java.util.Arrays;
import java.util.List;

/**
 * The dense time-stepped reference: every timestep, every population in topological order computes every
 * weight's contribution from the full activity vector of its sources (each projection's gather kernel), then
 * updates every neuron; recurrent (delayed) projections read what their source emitted the step before. Written for clarity; it is the yardstick the event-driven engine is tested against. Runs
 * on the calling thread ({@code threads} is ignored).
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
        Engines.checkInput(net, data, cfg);
        final long start = System.nanoTime();
        final double cpuStart = org.spikeflow.engine.CpuTime.ofCurrentThread();
        final List<Population> pops = net.populations();
        final int np = pops.size();
        final int steps = cfg.timesteps();
        final int[] checkpoints = cfg.checkpoints();
        final float[][] activity = new float[np][];
        final Layer[] layers = new Layer[np];
        final GatherKernel[][] kernels = new GatherKernel[np][];
        final int[][] sources = new int[np][];
        final int[][] delayedSources = new int[np][];
        // What each source of a recurrent projection emitted in the previous step (zero at a sample's first step).
        final float[][] previous = new float[np][];
        final long[] previousSpikes = new long[np];
        final PopulationCounters[] counters = new PopulationCounters[np];
        final SampleCounters[] sample = new SampleCounters[np];
        int maxSize = 0;
        for (Population p : pops) {
            final int id = p.id();
            activity[id] = new float[p.size()];
            counters[id] = new PopulationCounters(steps);
            sample[id] = new SampleCounters(steps);
            maxSize = Math.max(maxSize, p.size());
            if (p.kind() == PopulationKind.INPUT) continue;
            layers[id] = Layer.create(net, p);
            List<Projection> in = net.incoming(id);
            kernels[id] = new GatherKernel[in.size()];
            for (int k = 0; k < in.size(); k++) kernels[id][k] = in.get(k).gather();
            sources[id] = in.stream().filter(pr -> !pr.delayed()).mapToInt(pr -> pr.source().id()).distinct().toArray();
            delayedSources[id] = in.stream().filter(Projection::delayed).mapToInt(pr -> pr.source().id()).distinct().toArray();
            for (int src : delayedSources[id]) if (previous[src] == null) previous[src] = new float[pops.get(src).size()];
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
        final PixelPredictions pixels = PixelPredictions.forOutput(out, data.size(), checkpoints.length);
        final long[] stepSpikes = new long[np];
        final int inId = net.input().id();
        final Traces traces = cfg.traces() ? new Traces(np, data.size(), steps) : null;
        final EarlyExit.Tracker exit = cfg.earlyExit() == null ? null : cfg.earlyExit().tracker();
        final int[] stepsRun = new int[data.size()];
        long denseOps = 0;

        for (int s = 0; s < data.size(); s++) {
            for (Layer l : layers) if (l != null) l.resetSample();
            for (float[] prev : previous) if (prev != null) Arrays.fill(prev, 0f);
            Arrays.fill(previousSpikes, 0L);
            readout.reset();
            if (exit != null) exit.reset();
            encoder.start(s, data.samples()[s]);
            int nextCheckpoint = 0;
            int last = steps - 1;
            for (int t = 0; t < steps; t++) {
                // Input.
                Arrays.fill(activity[inId], 0f);
                final int events = encoder.next(inputIndex, inputValue);
                for (int e = 0; e < events; e++) activity[inId][inputIndex[e]] = inputValue[e];
                stepSpikes[inId] = events;
                sample[inId].spikes[t] += events;
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
                    final Layer layer = layers[id];
                    final SampleCounters pc = sample[id];
                    for (int k = 0; k < layer.incomingCount(); k++) {
                        final Projection pr = layer.incoming(k);
                        final float[] a = pr.delayed() ? previous[pr.source().id()] : activity[pr.source().id()];
                        kernels[id][k].gather(a, layer.accumulator(k), layer.touched());
                        if (pr.accumulatorSize() == pr.target().size()) denseOps += pr.connections();
                        long synops = 0;
                        if (pr.accumulatorSize() == pr.target().size()) {
                            for (int i = 0; i < a.length; i++) if (a[i] != 0f) synops += pr.fanOut(i);
                        }
                        pc.synops[t] += synops;
                    }
                    long arriving = 0;
                    for (int src : sources[id]) arriving += stepSpikes[src];
                    for (int src : delayedSources[id]) arriving += previousSpikes[src];
                    pc.inputSpikes[t] += arriving;
                    pc.activeNeurons[t] += layer.touched().countAndClear();

                    layer.assemble();
                    if (observer != null && layer.current() != null) observer.onCurrent(s, t, id, layer.current());
                    final int n = layer.update(spikeIndex, spikeCount);
                    final float[] act = activity[id];
                    Arrays.fill(act, 0f);
                    long spikes = 0;
                    for (int e = 0; e < n; e++) {
                        act[spikeIndex[e]] = spikeCount[e];
                        spikes += spikeCount[e];
                    }
                    stepSpikes[id] = spikes;
                    pc.spikes[t] += spikes;
                    if (listener != null) listener.onSpikes(s, t, id, spikeIndex, spikeCount, n);
                    if (p == out) readout.record(t, spikeIndex, spikeCount, n);
                }
                for (int id = 0; id < np; id++) {
                    if (previous[id] != null) {
                        System.arraycopy(activity[id], 0, previous[id], 0, activity[id].length);
                        previousSpikes[id] = stepSpikes[id];
                    }
                }
                final float[] vOut = layers[out.id()].membrane();
                if (nextCheckpoint < checkpoints.length && t + 1 == checkpoints[nextCheckpoint]) {
                    if (pixels != null) pixels.store(s, nextCheckpoint, readout, vOut);
                    predictions[s][nextCheckpoint++] = readout.predict(vOut);
                }
                if (traces != null || exit != null) {
                    final float m = readout.margin(vOut, t);
                    if (traces != null) traces.readout(s, t, readout.predict(vOut), m);
                    if (exit != null && exit.stops(m)) {
                        last = t;
                        // The sample's answer stays what it is now at every later checkpoint.
                        final int stopped = readout.predict(vOut);
                        while (nextCheckpoint < checkpoints.length) {
                            if (pixels != null) pixels.store(s, nextCheckpoint, readout, vOut);
                            predictions[s][nextCheckpoint++] = stopped;
                        }
                        break;
                    }
                }
            }
            stepsRun[s] = last + 1;
            if (traces != null) traces.ran(s, last + 1);
            for (Population p : pops) sample[p.id()].commit(counters[p.id()], last, traces, p.id(), s);
            if (cfg.progress() != null) cfg.progress().accept(s + 1);
        }
        if (listener != null) listener.close();
        return new SimulationResult(net, cfg, EngineKind.DENSE, data.labels().clone(), predictions, counters,
            (System.nanoTime() - start) / 1e9, org.spikeflow.engine.CpuTime.ofCurrentThread() - cpuStart, denseOps, stepsRun, traces,
            pixels, data.masks());
    }
}
