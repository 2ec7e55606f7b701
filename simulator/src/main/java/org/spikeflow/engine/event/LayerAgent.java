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
import org.spikeflow.graph.Projection;
import org.spikeflow.kernel.ScatterKernel;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Runs one population: polls the output ring of each of its source populations, hands every block of the current
 * timestep to the scatter kernel of each projection from that source, and once the last block of every source is
 * in, steps its {@link Layer} and publishes its spikes to its own ring. Each source's ring delivers that source's
 * timesteps in order, and the agent stops reading a source at the end of the current timestep, so blocks of a later
 * timestep simply wait in the ring: every accumulator sees its inputs in the order the dense reference sums them.
 * Never blocks: a full ring of its own pauses the layer until the next {@link #doWork()}.
 */
final class LayerAgent implements Agent {
    private final Population population;
    private final int id;
    private final Layer layer;
    private final Source[] sources;
    private final Outbox outbox;
    private final PopulationCounters counters;
    private final SpikeListener listener;
    private final EventEngine.Completion completion;
    private final int timesteps;
    private final long lastTick;

    // Read-out (output population only).
    private final Readout readout;
    private final int[] checkpoints;
    private final int[][] predictions;
    private int nextCheckpoint;

    // Progress through the run.
    private long tick;
    private int step;
    private int pendingSources;
    private boolean done;

    /** One source population: its poller, and the projections from it (accumulator indices). */
    private final class Source implements EventPoller.Handler<SpikeBlock> {
        final EventPoller<SpikeBlock> poller;
        final int[] slots;
        final ScatterKernel[] kernels;
        boolean complete;

        Source(EventPoller<SpikeBlock> poller, int[] slots) {
            this.poller = poller;
            this.slots = slots;
            this.kernels = new ScatterKernel[slots.length];
            for (int s = 0; s < slots.length; s++) kernels[s] = layer.incoming(slots[s]).scatter();
        }

        /** Scatters one block of the current timestep; stops polling this source after its last block. */
        @Override
        public boolean onEvent(SpikeBlock b, long sequence, boolean endOfBatch) {
            if (b.tick != tick) {
                throw new IllegalStateException(population.name() + ": block of tick " + b.tick + " while on tick " + tick);
            }
            counters.inputSpikes[step] += b.spikes;
            long synops = 0;
            for (int s = 0; s < slots.length; s++) {
                synops += kernels[s].scatter(b.index, b.value, 0, b.n, layer.accumulator(slots[s]), layer.touched());
            }
            counters.synops[step] += synops;
            if (b.last) {
                complete = true;
                pendingSources--;
                return false;
            }
            return true;
        }
    }

    LayerAgent(Network net, Population population, SimulationConfig cfg, int samples, IntFunction<EventPoller<SpikeBlock>> pollerOf,
               Outbox outbox, PopulationCounters counters, EventEngine.Completion completion, int[][] predictions) {
        this.population = population;
        this.id = population.id();
        this.layer = Layer.create(net, population);
        List<Integer> sourceIds = new ArrayList<>();
        List<List<Integer>> slots = new ArrayList<>();
        for (int k = 0; k < layer.incomingCount(); k++) {
            Projection pr = layer.incoming(k);
            int at = sourceIds.indexOf(pr.source().id());
            if (at < 0) {
                sourceIds.add(pr.source().id());
                slots.add(new ArrayList<>());
                at = sourceIds.size() - 1;
            }
            slots.get(at).add(k);
        }
        this.sources = new Source[sourceIds.size()];
        for (int s = 0; s < sources.length; s++) {
            sources[s] = new Source(pollerOf.apply(sourceIds.get(s)), slots.get(s).stream().mapToInt(Integer::intValue).toArray());
        }
        this.pendingSources = sources.length;
        this.outbox = outbox;
        this.counters = counters;
        this.listener = cfg.listener();
        this.completion = completion;
        this.timesteps = cfg.timesteps();
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
        for (Source s : sources) {
            if (!s.complete && s.poller.poll(s) == EventPoller.PollState.PROCESSING) work++;
        }
        if (pendingSources == 0) {
            completeStep();
            work++;
        }
        return work;
    }

    /** All inputs of the current timestep are in: update the layer, record, and start publishing its spikes. */
    private void completeStep() {
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
        for (Source s : sources) s.complete = false;
        pendingSources = sources.length;
        tick++;
        step++;
        if (step == timesteps) {
            step = 0;
            endSample(sample);
        }
        if (!outbox.pending()) afterPublish();
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
        if (tick == lastTick && !done) {
            done = true;
            completion.agentDone();
            return true;
        }
        return done;
    }

    @Override
    public String roleName() {
        return "layer-" + population.name();
    }
}
