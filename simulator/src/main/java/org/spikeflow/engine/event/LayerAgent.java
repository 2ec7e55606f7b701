package org.spikeflow.engine.event;

import com.lmax.disruptor.EventPoller;
import org.agrona.concurrent.Agent;
import org.spikeflow.engine.Layer;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.Readout;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.kernel.ScatterKernel;

import java.util.Arrays;

/**
 * Runs one population: polls its ring, hands each arriving spike to the scatter kernel of every projection from
 * that source, and when every source's end-of-timestep marker has arrived steps its {@link Layer} and publishes
 * the spikes. Events of a later timestep that arrive early (a fast source of a merge) are set aside and replayed
 * in arrival order, so accumulation order, and with it every float, matches the dense reference. Never blocks: a
 * full downstream ring pauses the layer until the next {@link #doWork()}.
 */
final class LayerAgent implements Agent, EventPoller.Handler<SpikeEvent> {
    private final Population population;
    private final int id;
    private final Layer layer;
    private final ScatterKernel[] kernels;
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

    // One spike handed to a kernel.
    private final int[] oneIndex = new int[1];
    private final float[] oneValue = new float[1];

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
        this.layer = Layer.create(net, population);
        this.kernels = new ScatterKernel[layer.incomingCount()];
        this.slotsBySource = new int[net.populations().size()][];
        int distinct = 0;
        for (int k = 0; k < kernels.length; k++) {
            kernels[k] = layer.incoming(k).scatter();
            final int src = layer.incoming(k).source().id();
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
            synops += scatter(k, index, value);
        }
        counters.synops[step] += synops;
        return false;
    }

    /** Hands one arriving spike to the kernel of projection {@code k}; returns the synaptic operations performed. */
    private long scatter(int k, int i, float x) {
        oneIndex[0] = i;
        oneValue[0] = x;
        return kernels[k].scatter(oneIndex, oneValue, 0, 1, layer.accumulator(k), layer.touched());
    }

    /** All inputs of the current timestep are in: update neurons, record, and start publishing spikes. */
    private void completeStep() {
        final int step = (int) (tick % timesteps);
        final int sample = (int) (tick / timesteps);
        counters.activeNeurons[step] += layer.touched().countAndClear();
        final int[] idx = outbox.index;
        final int[] cnt = outbox.count;
        final int n = layer.step(idx, cnt);
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
                predictions[sample][nextCheckpoint++] = readout.predict(layer.membrane());
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

    private void endSample(int sample) {
        layer.resetSample();
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
