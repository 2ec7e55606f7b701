package org.spikeflow.engine.event;

import com.lmax.disruptor.EventPoller;
import org.agrona.concurrent.Agent;
import org.spikeflow.engine.MaxPoolGate;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.Readout;
import org.spikeflow.engine.SimulationConfig;
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
 * Runs one population: polls its ring, scatters each arriving spike's real fan-out into per-projection
 * accumulators, and when every source's end-of-timestep marker has arrived updates its neurons and publishes
 * its own spikes. Events of a later timestep that arrive early (a fast source of a merge) are set aside and
 * replayed in arrival order, so accumulation order, and with it every float, matches the dense reference.
 * Never blocks: a full downstream ring pauses the layer until the next {@link #doWork()}.
 */
final class LayerAgent implements Agent, EventPoller.Handler<SpikeEvent> {
    private final Population population;
    private final int id;
    private final Projection[] incoming;
    private final int[][] slotsBySource;
    private final int expectedMarkers;
    private final EventPoller<SpikeEvent> poller;
    private final Outbox outbox;
    private final PopulationCounters counters;
    private final SpikeListener listener;
    private final EventEngine.Completion completion;
    private final int timesteps;
    private final int samples;
    private final long lastTick;

    // Per-step accumulation.
    private final float[][] acc;
    private final float[][] poolActivity;
    private final MaxPoolGate[] gates;
    private final boolean[] positionTouched;
    private final boolean[] neuronTouched;
    private boolean allTouched;
    private final int positions;
    private final int channels;

    // Neuron state.
    private final float[] v;
    private final int[] refractory;
    private final float[] current;
    private final float[] bias;
    private final float decay;
    private final float initialMembrane;
    private final float[] gateOut;

    // Read-out (output population only).
    private final Readout readout;
    private final int[] checkpoints;
    private final int[][] predictions;
    private int nextCheckpoint;

    // Progress through the run.
    private long tick;
    private int markers;
    private boolean done;

    // Events of later ticks that arrived early.
    private int deferredSize;
    private int[] dSource = new int[64];
    private int[] dIndex = new int[64];
    private int[] dCount = new int[64];
    private float[] dValue = new float[64];
    private long[] dTick = new long[64];

    LayerAgent(Network net, Population population, SimulationConfig cfg, int samples, EventPoller<SpikeEvent> poller,
               Outbox outbox, PopulationCounters counters, EventEngine.Completion completion, int[][] predictions) {
        this.population = population;
        this.id = population.id();
        List<Projection> in = net.incoming(id);
        this.incoming = in.toArray(new Projection[0]);
        this.slotsBySource = new int[net.populations().size()][];
        int distinct = 0;
        for (int k = 0; k < incoming.length; k++) {
            final int src = incoming[k].source().id();
            if (slotsBySource[src] == null) {
                slotsBySource[src] = new int[] {k};
                distinct++;
            } else {
                int[] old = slotsBySource[src];
                slotsBySource[src] = Arrays.copyOf(old, old.length + 1);
                slotsBySource[src][old.length] = k;
            }
        }
        this.expectedMarkers = distinct;
        this.poller = poller;
        this.outbox = outbox;
        this.counters = counters;
        this.listener = cfg.listener();
        this.completion = completion;
        this.timesteps = cfg.timesteps();
        this.samples = samples;
        this.lastTick = (long) samples * timesteps;
        final int n = population.size();
        this.channels = population.shape().channels();
        this.positions = n / channels;
        this.acc = new float[incoming.length][];
        this.poolActivity = new float[incoming.length][];
        this.gates = new MaxPoolGate[incoming.length];
        for (int k = 0; k < incoming.length; k++) {
            if (incoming[k].kind() == ProjectionKind.MAX_POOL) {
                poolActivity[k] = new float[incoming[k].source().size()];
                gates[k] = new MaxPoolGate((PoolProjection) incoming[k]);
            } else {
                acc[k] = new float[n];
            }
        }
        this.positionTouched = new boolean[positions];
        this.neuronTouched = new boolean[n];
        if (population.kind() == PopulationKind.SPIKING) {
            v = new float[n];
            refractory = new int[n];
            current = new float[n];
            bias = population.biasPerChannel();
            decay = population.neuron().decay();
            initialMembrane = population.neuron().initialMembrane();
            Arrays.fill(v, initialMembrane);
            gateOut = null;
        } else {
            v = null;
            refractory = null;
            current = null;
            bias = null;
            decay = 1f;
            initialMembrane = 0f;
            gateOut = new float[n];
        }
        if (population == net.output()) {
            readout = new Readout(cfg.readout(), population);
            checkpoints = cfg.checkpoints();
            this.predictions = predictions;
        } else {
            readout = null;
            checkpoints = null;
            this.predictions = null;
        }
        if (samples == 0) {
            done = true;
            completion.agentDone();
        }
    }

    @Override
    public int doWork() throws Exception {
        if (done) return 0;
        int work = 0;
        if (outbox.pending()) {
            if (!outbox.drain()) return 0;
            work++;
            if (afterPublish()) return work;
        }
        if (deferredSize > 0 && !replayDeferred()) return work + 1;
        if (done) return work + 1;
        final EventPoller.PollState state = poller.poll(this);
        return state == EventPoller.PollState.PROCESSING ? work + 1 : work;
    }

    /** Handles one ring event; returns false to stop polling (publishing is pending, or the run is over). */
    @Override
    public boolean onEvent(SpikeEvent e, long sequence, boolean endOfBatch) {
        if (e.tick != tick) {
            defer(e.source, e.index, e.count, e.value, e.tick);
            return true;
        }
        if (handle(e.source, e.index, e.count, e.value)) {
            // A step completed; its spikes are being published.
            if (outbox.pending()) return false;
            if (afterPublish()) return false;
            return replayDeferred();
        }
        return true;
    }

    /** Processes one event of the current tick; true if it completed the timestep. */
    private boolean handle(int source, int index, int count, float value) {
        if (index == SpikeEvent.MARKER) {
            if (++markers == expectedMarkers) {
                completeStep();
                return true;
            }
            return false;
        }
        final int step = (int) (tick % timesteps);
        counters.inputSpikes[step] += count;
        final int[] slots = slotsBySource[source];
        long synops = 0;
        for (int s = 0; s < slots.length; s++) {
            final int k = slots[s];
            synops += scatter(incoming[k], k, index, value, count);
        }
        counters.synops[step] += synops;
        return false;
    }

    /** Scatters one input's fan-out; returns the synaptic operations performed. */
    private long scatter(Projection pr, int k, int i, float x, int count) {
        switch (pr.kind()) {
            case DENSE: {
                final DenseProjection d = (DenseProjection) pr;
                final int out = acc[k].length;
                Axpy.axpy(acc[k], 0, d.weights(), i * out, x, out);
                allTouched = true;
                return out;
            }
            case CONV:
                return scatterConv((ConvProjection) pr, acc[k], i, x);
            case AVG_POOL:
                return scatterPool((PoolProjection) pr, acc[k], i, x);
            case MAX_POOL:
                poolActivity[k][i] += count;
                scatterPool((PoolProjection) pr, null, i, x);
                return 0;
            default:
                throw new IllegalStateException(pr.kind().name());
        }
    }

    private long scatterConv(ConvProjection c, float[] a, int i, float x) {
        final Shape s = c.source().shape();
        final Shape t = c.target().shape();
        final int cin = s.channels();
        final int cout = t.channels();
        final int ci = i % cin;
        final int pos = i / cin;
        final int iy = pos / s.width();
        final int ix = pos - iy * s.width();
        final int kh = c.kernelH(), kw = c.kernelW();
        final int sh = c.strideH(), sw = c.strideW();
        final int dh = c.dilationH(), dw = c.dilationW();
        final int th = t.height(), tw = t.width();
        final float[] w = c.weights();
        long ops = 0;
        for (int ky = 0; ky < kh; ky++) {
            final int ny = iy + c.padTop() - ky * dh;
            if (ny < 0) break;
            if (ny % sh != 0) continue;
            final int oy = ny / sh;
            if (oy >= th) continue;
            for (int kx = 0; kx < kw; kx++) {
                final int nx = ix + c.padLeft() - kx * dw;
                if (nx < 0) break;
                if (nx % sw != 0) continue;
                final int ox = nx / sw;
                if (ox >= tw) continue;
                final int outPos = oy * tw + ox;
                Axpy.axpy(a, outPos * cout, w, ((ky * kw + kx) * cin + ci) * cout, x, cout);
                positionTouched[outPos] = true;
                ops += cout;
            }
        }
        return ops;
    }

    /**
     * Visits the pooling windows that contain input {@code i}: adds the pooled contribution into {@code a}
     * (average pooling) or, with {@code a == null}, only marks the reached neurons (max pooling).
     */
    private long scatterPool(PoolProjection p, float[] a, int i, float x) {
        final Shape s = p.source().shape();
        final Shape t = p.target().shape();
        final int c = s.channels();
        final int ch = i % c;
        final int pos = i / c;
        final int iy = pos / s.width();
        final int ix = pos - iy * s.width();
        final float contribution = p.weight() * x;
        long ops = 0;
        for (int ky = 0; ky < p.kernelH(); ky++) {
            final int ny = iy + p.padTop() - ky;
            if (ny < 0) break;
            if (ny % p.strideH() != 0) continue;
            final int oy = ny / p.strideH();
            if (oy >= t.height()) continue;
            for (int kx = 0; kx < p.kernelW(); kx++) {
                final int nx = ix + p.padLeft() - kx;
                if (nx < 0) break;
                if (nx % p.strideW() != 0) continue;
                final int ox = nx / p.strideW();
                if (ox >= t.width()) continue;
                final int j = (oy * t.width() + ox) * t.channels() + p.targetChannelOffset() + ch;
                if (a != null) {
                    a[j] += contribution;
                    ops++;
                }
                neuronTouched[j] = true;
            }
        }
        return ops;
    }

    /** All inputs of the current timestep are in: update neurons, record, and start publishing spikes. */
    private void completeStep() {
        final int step = (int) (tick % timesteps);
        final int sample = (int) (tick / timesteps);
        counters.activeNeurons[step] += countTouched();
        final int[] idx = outbox.index;
        final int[] cnt = outbox.count;
        int n;
        if (population.kind() == PopulationKind.SPIKING) {
            NeuronDynamics.assembleCurrent(current, bias, channels, acc);
            n = NeuronDynamics.step(population.neuron(), decay, v, refractory, current, idx, cnt);
            for (float[] a : acc) Arrays.fill(a, 0f);
        } else {
            Arrays.fill(gateOut, 0f);
            for (int k = 0; k < incoming.length; k++) {
                gates[k].step(poolActivity[k], gateOut);
                Arrays.fill(poolActivity[k], 0f);
            }
            n = 0;
            for (int j = 0; j < gateOut.length; j++) {
                if (gateOut[j] != 0f) {
                    idx[n] = j;
                    cnt[n++] = (int) gateOut[j];
                }
            }
        }
        long spikes = 0;
        final float[] val = outbox.value;
        for (int e = 0; e < n; e++) {
            spikes += cnt[e];
            val[e] = cnt[e];
        }
        counters.spikes[step] += spikes;
        if (listener != null) listener.onSpikes(sample, step, id, idx, cnt, n);
        if (readout != null) {
            readout.record(step, idx, cnt, n);
            if (nextCheckpoint < checkpoints.length && step + 1 == checkpoints[nextCheckpoint]) {
                predictions[sample][nextCheckpoint++] = readout.predict(v);
            }
        }
        outbox.size = n;
        outbox.begin(tick);
        outbox.drain();
        markers = 0;
        tick++;
        if (tick % timesteps == 0) {
            endSample(sample);
        }
    }

    private long countTouched() {
        long active = 0;
        if (allTouched) {
            active = population.size();
        } else {
            for (int p = 0; p < positions; p++) {
                if (positionTouched[p]) {
                    active += channels;
                } else {
                    final int base = p * channels;
                    for (int c = 0; c < channels; c++) if (neuronTouched[base + c]) active++;
                }
            }
        }
        allTouched = false;
        Arrays.fill(positionTouched, false);
        Arrays.fill(neuronTouched, false);
        return active;
    }

    private void endSample(int sample) {
        if (v != null) {
            Arrays.fill(v, initialMembrane);
            Arrays.fill(refractory, 0);
        }
        for (MaxPoolGate g : gates) if (g != null) g.reset();
        if (readout != null) {
            readout.reset();
            nextCheckpoint = 0;
            completion.sampleDone(sample + 1);
        }
    }

    /** After a step's spikes are fully published; true if the run is over for this layer. */
    private boolean afterPublish() {
        if (tick == lastTick) {
            done = true;
            completion.agentDone();
            return true;
        }
        return false;
    }

    private void defer(int source, int index, int count, float value, long eventTick) {
        if (deferredSize == dSource.length) {
            final int cap = deferredSize * 2;
            dSource = Arrays.copyOf(dSource, cap);
            dIndex = Arrays.copyOf(dIndex, cap);
            dCount = Arrays.copyOf(dCount, cap);
            dValue = Arrays.copyOf(dValue, cap);
            dTick = Arrays.copyOf(dTick, cap);
        }
        dSource[deferredSize] = source;
        dIndex[deferredSize] = index;
        dCount[deferredSize] = count;
        dValue[deferredSize] = value;
        dTick[deferredSize] = eventTick;
        deferredSize++;
    }

    /**
     * Replays set-aside events of the current tick in arrival order. Returns false when publishing became
     * pending (or the run ended), true when nothing more can be replayed now.
     */
    private boolean replayDeferred() {
        while (true) {
            int w = 0;
            boolean completed = false;
            boolean stop = false;
            for (int r = 0; r < deferredSize; r++) {
                if (stop || completed || dTick[r] != tick) {
                    dSource[w] = dSource[r];
                    dIndex[w] = dIndex[r];
                    dCount[w] = dCount[r];
                    dValue[w] = dValue[r];
                    dTick[w] = dTick[r];
                    w++;
                    continue;
                }
                if (handle(dSource[r], dIndex[r], dCount[r], dValue[r])) {
                    completed = true;
                    if (outbox.pending() || afterPublish()) stop = true;
                }
            }
            deferredSize = w;
            if (stop) return false;
            if (!completed) return true;
        }
    }

    @Override
    public String roleName() {
        return "layer-" + population.name();
    }
}
