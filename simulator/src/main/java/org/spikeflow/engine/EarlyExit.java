package org.spikeflow.engine;

/**
 * When a sample may stop before its last timestep: once the read-out's top-1 {@link Readout#margin margin} has been
 * at least {@code margin} for {@code patience} consecutive timesteps. The same rule decides in both engines and in
 * the analysis of a full run's traces, so a run that stops and a run that only records agree exactly.
 *
 * @param margin   threshold on the read-out margin (units of the read-out: spikes for spike count, accumulated output
 *                 input for membrane, timesteps for first spike)
 * @param patience consecutive timesteps the margin must hold, &gt;= 1
 */
public record EarlyExit(float margin, int patience) {
    public EarlyExit {
        if (!Float.isFinite(margin) || margin < 0) throw new ConfigException("early-exit", "margin must be a finite number >= 0, got " + margin);
        if (patience < 1) throw new ConfigException("early-exit", "patience must be >= 1 timestep, got " + patience);
    }

    /** The per-sample state of the rule. */
    public Tracker tracker() {
        return new Tracker(this);
    }

    /** Follows one sample's margins; reset at every sample start. */
    public static final class Tracker {
        private final EarlyExit rule;
        private int held;

        Tracker(EarlyExit rule) {
            this.rule = rule;
        }

        public void reset() {
            held = 0;
        }

        /** Takes the margin after the latest timestep; true when the sample stops there. */
        public boolean stops(float margin) {
            held = margin >= rule.margin ? held + 1 : 0;
            return held >= rule.patience;
        }
    }

    /**
     * The timestep index (0-based) at which a sample with these margins per timestep stops, or the last index when it
     * never does.
     */
    public int stopStep(float[] margins, int from, int timesteps) {
        Tracker t = tracker();
        for (int s = 0; s < timesteps; s++) if (t.stops(margins[from + s])) return s;
        return timesteps - 1;
    }
}
