package org.spikeflow.engine.event;

import com.lmax.disruptor.EventPoller;
import org.agrona.concurrent.Agent;
import org.spikeflow.engine.EarlyExit;
import org.spikeflow.engine.Layer;
import org.spikeflow.engine.PixelPredictions;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.Readout;
import org.spikeflow.engine.SampleCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.engine.Traces;
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
 * Counts go to the sample's {@link SampleCounters} and are committed when the sample ends.
 * <p>
 * A recurrent (delayed) projection's source is polled through a poller of its own, one tick behind: at tick t the agent
 * reads that source's blocks of tick t - 1, and discards them at a sample's first step (nothing arrives there).
 * <p>
 * With an early exit, the output agent decides when each sample ends ({@link SampleGate}); the others run ahead
 * within the sample, then commit up to the decided timestep, drop blocks of the timesteps past it and move on
 * (their listener calls held until then). Never blocks: a full ring of its own pauses the layer until the next
 * {@link #doWork()}.
 */
final class LayerAgent implements Agent {
    private final Population population;
    private final int id;
    private final Layer layer;
    private final Source[] sources;
    private final Outbox outbox;
    private final PopulationCounters counters;
    private final SampleCounters staged;
    private final Traces traces;
    private final SpikeListener listener;
    private final HeldSpikes held;
    private final SampleGate gate;
    private final EventEngine.Completion completion;
    private final int timesteps;
    private final int samples;

    // Read-out and early exit (output population only).
    private final Readout readout;
    private final EarlyExit.Tracker exit;
    private final int[] checkpoints;
    private final int[][] predictions;
    private final PixelPredictions pixels;
    private final int[] stepsRun;
    private int nextCheckpoint;

    // Progress through the run.
    private int sample;
    private int step;
    private long tick;
    private int pendingSources;
    private int awaiting = -1;
    private boolean done;

    /** One source population: its poller, and the projections from it (accumulator indices), immediate or delayed. */
    private final class Source implements EventPoller.Handler<SpikeBlock> {
        final EventPoller<SpikeBlock> poller;
        final int[] slots;
        final ScatterKernel[] kernels;
        final boolean delayed;
        boolean complete;

        Source(EventPoller<SpikeBlock> poller, int[] slots, boolean delayed) {
            this.poller = poller;
            this.slots = slots;
            this.delayed = delayed;
            this.kernels = new ScatterKernel[slots.length];
            for (int s = 0; s < slots.length; s++) kernels[s] = layer.incoming(slots[s]).scatter();
        }

        /** Scatters one block of the current timestep; stops polling this source after its last block. */
        @Override
        public boolean onEvent(SpikeBlock b, long sequence, boolean endOfBatch) {
            if (gate != null) {
                if (b.tick < tick) return true; // computed ahead, past a stop: dropped
                if (b.tick > tick || awaiting >= 0) settle();
            }
            final long expected = delayed ? tick - 1 : tick;
            if (b.tick != expected) {
                throw new IllegalStateException(population.name() + ": block of tick " + b.tick + " while expecting tick " + expected);
            }
            if (!delayed || step > 0) {
                staged.inputSpikes[step] += b.spikes;
                long synops = 0;
                for (int s = 0; s < slots.length; s++) {
                    synops += kernels[s].scatter(b.index, b.value, 0, b.n, layer.accumulator(slots[s]), layer.touched());
                }
                staged.synops[step] += synops;
            }
            if (b.last) {
                complete = true;
                pendingSources--;
                return false;
            }
            return true;
        }
    }

    LayerAgent(Network net, Population population, SimulationConfig cfg, int samples, IntFunction<EventPoller<SpikeBlock>> pollerOf,
               Outbox outbox, PopulationCounters counters, Traces traces, SampleGate gate, EventEngine.Completion completion,
               int[][] predictions, PixelPredictions pixels, int[] stepsRun) {
        this.population = population;
        this.id = population.id();
        this.layer = Layer.create(net, population);
        // Sources keyed by (population, delayed): a recurrent source is read through its own poller, a tick behind.
        List<Integer> sourceKeys = new ArrayList<>();
        List<List<Integer>> slots = new ArrayList<>();
        for (int k = 0; k < layer.incomingCount(); k++) {
            Projection pr = layer.incoming(k);
            int key = pr.source().id() * 2 + (pr.delayed() ? 1 : 0);
            int at = sourceKeys.indexOf(key);
            if (at < 0) {
                sourceKeys.add(key);
                slots.add(new ArrayList<>());
                at = sourceKeys.size() - 1;
            }
            slots.get(at).add(k);
        }
        this.sources = new Source[sourceKeys.size()];
        for (int s = 0; s < sources.length; s++) {
            int key = sourceKeys.get(s);
            sources[s] = new Source(pollerOf.apply(key / 2), slots.get(s).stream().mapToInt(Integer::intValue).toArray(), key % 2 == 1);
        }
        this.outbox = outbox;
        this.counters = counters;
        this.timesteps = cfg.timesteps();
        this.staged = new SampleCounters(timesteps);
        this.traces = traces;
        this.listener = cfg.listener();
        this.gate = gate;
        this.held = gate != null && listener != null ? new HeldSpikes(timesteps) : null;
        this.completion = completion;
        this.samples = samples;
        if (population == net.output()) {
            readout = new Readout(cfg.readout(), population);
            exit = cfg.earlyExit() == null ? null : cfg.earlyExit().tracker();
            checkpoints = cfg.checkpoints();
            this.predictions = predictions;
            this.pixels = pixels;
            this.stepsRun = stepsRun;
        } else {
            this.pixels = null;
            readout = null;
            exit = null;
            checkpoints = null;
            this.predictions = null;
            this.stepsRun = null;
        }
        arm();
        if (samples == 0) {
            done = true;
            completion.agentDone();
        }
    }

    /**
     * While publishing is paused: reads recurrent sources, which are a tick behind and may be this population itself
     * (whose ring frees only as it reads what it published).
     */
    private int pollDelayed() throws Exception {
        int work = 0;
        for (Source s : sources) {
            if (s.delayed && !s.complete && s.poller.poll(s) == EventPoller.PollState.PROCESSING) work++;
        }
        return work;
    }

    /** Expects this tick's blocks: every immediate source, and every delayed one once there is a tick before. */
    private void arm() {
        pendingSources = 0;
        for (Source s : sources) {
            s.complete = s.delayed && tick == 0;
            if (!s.complete) pendingSources++;
        }
    }

    @Override
    public int doWork() throws Exception {
        if (done) return 0;
        int work = 0;
        if (gate != null && outbox.pending() && gate.past(outbox.tick(), timesteps)) outbox.abandon();
        if (outbox.pending()) {
            if (!outbox.drain()) return pollDelayed();
            work++;
        }
        if (gate != null) settle();
        if (sample < samples) {
            for (Source s : sources) {
                if (!s.complete && s.poller.poll(s) == EventPoller.PollState.PROCESSING) work++;
            }
            if (pendingSources == 0) {
                completeStep();
                work++;
            }
        } else {
            work += pollDelayed();
        }
        finishIfDone();
        return work;
    }

    /**
     * With early exit: commits a sample that ran to its end once the output has decided it, and leaves the current
     * sample when the output stopped it before the timestep this agent has reached.
     */
    private void settle() {
        if (awaiting >= 0 && gate.isDecided(awaiting)) {
            commit(awaiting, gate.lastStep(awaiting));
            awaiting = -1;
        }
        if (awaiting < 0 && sample < samples && gate.isDecided(sample) && step > gate.lastStep(sample)) {
            commit(sample, gate.lastStep(sample));
            nextSample();
        }
    }

    /** All inputs of the current timestep are in: update the layer, record, and start publishing its spikes. */
    private void completeStep() {
        staged.activeNeurons[step] += layer.touched().countAndClear();
        final int[] idx = outbox.index;
        final int[] cnt = outbox.count;
        final int n = layer.step(idx, cnt);
        long spikes = 0;
        final float[] val = outbox.value;
        for (int e = 0; e < n; e++) {
            spikes += cnt[e];
            val[e] = cnt[e];
        }
        staged.spikes[step] += spikes;
        if (held != null) held.hold(step, idx, cnt, n);
        else if (listener != null) listener.onSpikes(sample, step, id, idx, cnt, n);
        boolean stops = false;
        if (readout != null) {
            readout.record(step, idx, cnt, n);
            final float[] v = layer.membrane();
            if (nextCheckpoint < checkpoints.length && step + 1 == checkpoints[nextCheckpoint]) {
                if (pixels != null) pixels.store(sample, nextCheckpoint, readout, v);
                predictions[sample][nextCheckpoint++] = readout.predict(v);
            }
            if (traces != null || exit != null) {
                final float m = readout.margin(v, step);
                if (traces != null) traces.readout(sample, step, readout.predict(v), m);
                if (exit != null && exit.stops(m)) {
                    stops = true;
                    final int stopped = readout.predict(v);
                    while (nextCheckpoint < checkpoints.length) {
                        if (pixels != null) pixels.store(sample, nextCheckpoint, readout, v);
                        predictions[sample][nextCheckpoint++] = stopped;
                    }
                }
            }
        }
        outbox.size = n;
        outbox.begin(tick);
        outbox.drain();
        completion.progressed();
        tick++;
        step++;
        arm();
        if (readout != null && (stops || step == timesteps)) {
            // The output decides: this sample ends here.
            final int last = step - 1;
            stepsRun[sample] = last + 1;
            if (traces != null) traces.ran(sample, last + 1);
            if (gate != null) gate.decide(sample, last);
            commit(sample, last);
            completion.sampleDone(sample + 1);
            nextSample();
        } else if (step == timesteps) {
            if (gate != null) {
                awaiting = sample;
            } else {
                commit(sample, timesteps - 1);
            }
            nextSample();
        }
    }

    private void commit(int s, int lastStep) {
        staged.commit(counters, lastStep, traces, id, s);
        if (held != null) held.release(listener, s, id, lastStep);
    }

    private void nextSample() {
        if (gate != null) layer.abandonStep();
        layer.resetSample();
        if (readout != null) {
            readout.reset();
            if (exit != null) exit.reset();
            nextCheckpoint = 0;
        }
        sample++;
        step = 0;
        tick = (long) sample * timesteps;
        arm();
    }

    private void finishIfDone() {
        if (!done && sample == samples && awaiting < 0 && !outbox.pending() && delayedDrained()) {
            done = true;
            completion.agentDone();
        }
    }

    /**
     * After the last sample, the recurrent sources' last tick (which no step of this run reads) has been taken off
     * their rings, so that neither they nor this population wait on a full ring at the end.
     */
    private boolean delayedDrained() {
        for (Source s : sources) if (s.delayed && !s.complete) return false;
        return true;
    }

    /** Where this agent is, for the report of a stalled run. */
    String describe() {
        StringBuilder b = new StringBuilder(population.name()).append(": sample ").append(sample).append(" step ").append(step)
            .append(" tick ").append(tick).append(", waiting for ").append(pendingSources).append(" source(s)");
        if (awaiting >= 0) b.append(", sample ").append(awaiting).append(" awaiting its decision");
        if (outbox.pending()) b.append(", publishing");
        if (done) b.append(", done");
        return b.toString();
    }

    @Override
    public String roleName() {
        return "layer-" + population.name();
    }
}
