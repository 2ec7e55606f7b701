package org.spikeflow.engine.event;

import org.agrona.concurrent.Agent;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.InputEncoder;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SpikeListener;

/** Encodes samples into input events, one timestep at a time, and publishes them to the first layers. */
final class InputAgent implements Agent {
    private final int populationId;
    private final Dataset data;
    private final int timesteps;
    private final InputEncoder encoder;
    private final Outbox outbox;
    private final PopulationCounters counters;
    private final SpikeListener listener;
    private final EventEngine.Completion completion;
    private final int[] ones;
    private int sample;
    private int step;
    private boolean produced;
    private boolean done;

    InputAgent(int populationId, Dataset data, SimulationConfig cfg, Outbox outbox, PopulationCounters counters,
               EventEngine.Completion completion) {
        this.populationId = populationId;
        this.data = data;
        this.timesteps = cfg.timesteps();
        this.encoder = new InputEncoder(cfg, outbox.index.length);
        this.outbox = outbox;
        this.counters = counters;
        this.listener = cfg.listener();
        this.completion = completion;
        this.ones = new int[outbox.index.length];
        java.util.Arrays.fill(ones, 1);
        if (data.size() == 0) finish();
    }

    @Override
    public int doWork() {
        if (done) return 0;
        if (outbox.pending() && !outbox.drain()) return 0;
        if (produced) {
            finish();
            return 1;
        }
        int work = 0;
        while (work < 4) {
            if (step == 0) encoder.start(sample, data.samples()[sample]);
            final int n = encoder.next(outbox.index, outbox.value);
            System.arraycopy(ones, 0, outbox.count, 0, n);
            outbox.size = n;
            counters.spikes[step] += n;
            if (listener != null) listener.onSpikes(sample, step, populationId, outbox.index, outbox.count, n);
            outbox.begin((long) sample * timesteps + step);
            if (++step == timesteps) {
                step = 0;
                if (++sample == data.size()) produced = true;
            }
            work++;
            if (!outbox.drain()) return work;
            if (produced) {
                finish();
                return work;
            }
        }
        return work;
    }

    private void finish() {
        done = true;
        completion.agentDone();
    }

    @Override
    public String roleName() {
        return "input";
    }
}
