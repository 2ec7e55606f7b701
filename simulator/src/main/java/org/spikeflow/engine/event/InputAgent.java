package org.spikeflow.engine.event;

import org.agrona.concurrent.Agent;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.InputEncoder;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.SampleCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.engine.Traces;

/**
 * Encodes samples into input events, one timestep at a time, and publishes them to the input's ring. With early
 * exit it starts a sample only once the output has decided the previous one, and leaves a sample the output
 * stopped before the input reached its end.
 */
final class InputAgent implements Agent {
    private final int populationId;
    private final Dataset data;
    private final int timesteps;
    private final InputEncoder encoder;
    private final Outbox outbox;
    private final PopulationCounters counters;
    private final SampleCounters staged;
    private final Traces traces;
    private final SpikeListener listener;
    private final HeldSpikes held;
    private final SampleGate gate;
    private final EventEngine.Completion completion;
    private final int[] ones;
    private int sample;
    private int step;
    private int awaiting = -1;
    private boolean done;

    InputAgent(int populationId, Dataset data, SimulationConfig cfg, Outbox outbox, PopulationCounters counters, Traces traces,
               SampleGate gate, EventEngine.Completion completion) {
        this.populationId = populationId;
        this.data = data;
        this.timesteps = cfg.timesteps();
        this.encoder = new InputEncoder(cfg, outbox.index.length);
        this.outbox = outbox;
        this.counters = counters;
        this.staged = new SampleCounters(timesteps);
        this.traces = traces;
        this.listener = cfg.listener();
        this.gate = gate;
        this.held = gate != null && listener != null ? new HeldSpikes(timesteps) : null;
        this.completion = completion;
        this.ones = new int[outbox.index.length];
        java.util.Arrays.fill(ones, 1);
        if (data.size() == 0) finish();
    }

    @Override
    public int doWork() {
        if (done) return 0;
        if (gate != null && outbox.pending() && gate.past(outbox.tick(), timesteps)) outbox.abandon();
        if (outbox.pending() && !outbox.drain()) return 0;
        if (gate != null) {
            if (awaiting >= 0 && gate.isDecided(awaiting)) {
                commit(awaiting, gate.lastStep(awaiting));
                awaiting = -1;
            }
            if (awaiting < 0 && sample < data.size() && step > 0 && gate.isDecided(sample) && step > gate.lastStep(sample)) {
                commit(sample, gate.lastStep(sample));
                sample++;
                step = 0;
            }
        }
        int work = 0;
        while (work < 4 && sample < data.size() && !(gate != null && awaiting >= 0)) {
            if (step == 0) encoder.start(sample, data.samples()[sample]);
            final int n = encoder.next(outbox.index, outbox.value);
            System.arraycopy(ones, 0, outbox.count, 0, n);
            outbox.size = n;
            staged.spikes[step] += n;
            if (held != null) held.hold(step, outbox.index, outbox.count, n);
            else if (listener != null) listener.onSpikes(sample, step, populationId, outbox.index, outbox.count, n);
            outbox.begin((long) sample * timesteps + step);
            completion.progressed();
            if (++step == timesteps) {
                if (gate != null) {
                    awaiting = sample;
                } else {
                    commit(sample, timesteps - 1);
                }
                step = 0;
                sample++;
            }
            work++;
            if (!outbox.drain()) return work;
        }
        if (sample == data.size() && awaiting < 0 && !outbox.pending()) finish();
        return work;
    }

    private void commit(int s, int lastStep) {
        staged.commit(counters, lastStep, traces, populationId, s);
        if (held != null) held.release(listener, s, populationId, lastStep);
    }

    private void finish() {
        if (done) return;
        done = true;
        completion.agentDone();
    }

    String describe() {
        return "input: sample " + sample + " step " + step + (awaiting >= 0 ? ", sample " + awaiting + " awaiting its decision" : "")
            + (outbox.pending() ? ", publishing" : "") + (done ? ", done" : "");
    }

    @Override
    public String roleName() {
        return "input";
    }
}
