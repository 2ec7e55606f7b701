package org.spikeflow.engine;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * How to run a simulation. Built and validated once with {@link Builder#build()} (everything that could go
 * wrong fails here, before any thread starts).
 */
public final class SimulationConfig {
    private final int timesteps;
    private final int[] checkpoints;
    private final EncoderKind encoder;
    private final float maxRateHz;
    private final float timestepMs;
    private final long seed;
    private final long sampleOffset;
    private final int threads;
    private final int ringSize;
    private final int blockSize;
    private final ReadoutMode readout;
    private final EarlyExit earlyExit;
    private final EarlyExit requestedExit;
    private final int readoutK;
    private final boolean traces;
    private final SpikeListener listener;
    private final IntConsumer progress;
    private final int inputWindow;

    private SimulationConfig(Builder b) {
        this.timesteps = b.timesteps;
        this.checkpoints = b.checkpoints;
        this.encoder = b.encoder;
        this.maxRateHz = b.maxRateHz;
        this.timestepMs = b.timestepMs;
        this.seed = b.seed;
        this.sampleOffset = b.sampleOffset;
        this.threads = b.threads;
        this.ringSize = b.ringSize;
        this.blockSize = b.blockSize;
        this.readout = b.readout;
        this.requestedExit = b.earlyExit;
        this.readoutK = b.readoutK;
        this.earlyExit = b.readout != null && b.readout.stopsAtSpikes()
            ? new EarlyExit(b.readout == ReadoutMode.TIME_TO_FIRST_SPIKE ? 1 : b.readoutK, 1) : b.earlyExit;
        this.traces = b.traces;
        this.listener = b.listener;
        this.progress = b.progress;
        this.inputWindow = b.inputWindow;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This configuration with run-time observers attached (nothing to validate again). */
    public SimulationConfig withObservers(SpikeListener listener, IntConsumer progress) {
        Builder b = toBuilder();
        b.listener = listener;
        b.progress = progress;
        return new SimulationConfig(b);
    }

    /**
     * The configuration of one shard of a run, samples {@code [from, ...)} of it on {@code threads} threads: the
     * same settings (nothing to validate again), its Poisson streams offset by {@code from}, its own progress.
     */
    public SimulationConfig shard(int from, int threads, IntConsumer progress) {
        Builder b = toBuilder();
        b.sampleOffset = sampleOffset + from;
        b.threads = threads;
        b.progress = progress;
        return new SimulationConfig(b);
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.timesteps = timesteps;
        b.checkpoints = checkpoints.clone();
        b.encoder = encoder;
        b.maxRateHz = maxRateHz;
        b.timestepMs = timestepMs;
        b.seed = seed;
        b.sampleOffset = sampleOffset;
        b.threads = threads;
        b.ringSize = ringSize;
        b.blockSize = blockSize;
        b.readout = readout;
        b.earlyExit = requestedExit;
        b.readoutK = readoutK;
        b.traces = traces;
        b.listener = listener;
        b.progress = progress;
        b.inputWindow = inputWindow;
        return b;
    }

    public int timesteps() { return timesteps; }
    /** Ascending checkpoint timesteps (1-based counts of elapsed steps); the last one equals {@link #timesteps()}. */
    public int[] checkpoints() { return checkpoints.clone(); }
    public EncoderKind encoder() { return encoder; }
    public float maxRateHz() { return maxRateHz; }
    public float timestepMs() { return timestepMs; }
    public long seed() { return seed; }

    /**
     * The index of this run's first sample in the whole evaluation set: Poisson input is seeded by
     * {@code sampleOffset + index}, so a set run in shards draws the same spikes as in one run.
     */
    public long sampleOffset() { return sampleOffset; }
    public int threads() { return threads; }
    /** Blocks of spikes each population's output ring holds (a power of two). */
    public int ringSize() { return ringSize; }
    /** Spikes one ring block carries; a timestep with more spikes takes several blocks. */
    public int blockSize() { return blockSize; }
    public ReadoutMode readout() { return readout; }
    /**
     * The rule that stops a sample before its last timestep, or null to run every timestep. For the time-to-first
     * (k) spikes read-outs it is theirs: {@code EarlyExit(k, 1)} on the leader's spike count.
     */
    public EarlyExit earlyExit() { return earlyExit; }
    /** The k of {@link ReadoutMode#TIME_TO_K_SPIKES} (1 for time to first spike). */
    public int readoutK() { return readout == ReadoutMode.TIME_TO_FIRST_SPIKE ? 1 : readoutK; }
    /** True to record per-sample, per-timestep {@link Traces}. */
    public boolean traces() { return traces; }
    /** May be null. */
    public SpikeListener listener() { return listener; }
    /** Called with the number of finished samples (from an engine thread); may be null. */
    public IntConsumer progress() { return progress; }
    /** Ticks of the input's firing window for the {@link EncoderKind#TTFS} encoder (0 for every other encoder). */
    public int inputWindow() { return inputWindow; }

    public static final class Builder {
        private int timesteps = 32;
        private int[] checkpoints;
        private EncoderKind encoder = EncoderKind.ANALOG;
        private float maxRateHz = 1000f;
        private float timestepMs = 1f;
        private long seed = 42L;
        private long sampleOffset;
        private int threads = 1;
        private int ringSize = 64;
        private int blockSize = 1024;
        private ReadoutMode readout = ReadoutMode.SPIKE_COUNT;
        private EarlyExit earlyExit;
        private int readoutK = 1;
        private boolean traces;
        private SpikeListener listener;
        private IntConsumer progress;
        private int inputWindow;

        public Builder timesteps(int t) { this.timesteps = t; return this; }
        public Builder checkpoints(int... c) { this.checkpoints = c == null ? null : c.clone(); return this; }
        public Builder encoder(EncoderKind e) { this.encoder = e; return this; }
        public Builder maxRateHz(float r) { this.maxRateHz = r; return this; }
        public Builder timestepMs(float dt) { this.timestepMs = dt; return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        public Builder sampleOffset(long o) { this.sampleOffset = o; return this; }
        public Builder threads(int n) { this.threads = n; return this; }
        public Builder ringSize(int n) { this.ringSize = n; return this; }
        public Builder blockSize(int n) { this.blockSize = n; return this; }
        public Builder readout(ReadoutMode r) { this.readout = r; return this; }
        public Builder earlyExit(EarlyExit e) { this.earlyExit = e; return this; }
        /** The k of {@link ReadoutMode#TIME_TO_K_SPIKES}, &gt;= 1 (default 1). */
        public Builder readoutK(int k) { this.readoutK = k; return this; }
        public Builder traces(boolean t) { this.traces = t; return this; }
        public Builder listener(SpikeListener l) { this.listener = l; return this; }
        public Builder progress(IntConsumer p) { this.progress = p; return this; }
        /** The input window of a time-to-first-spike network ({@code TtfsParams.inputWindow}), for the TTFS encoder. */
        public Builder inputWindow(int ticks) { this.inputWindow = ticks; return this; }

        /** Validates everything and freezes the configuration; a bad setting is a {@link ConfigException} naming it. */
        public SimulationConfig build() {
            if (timesteps < 1) throw new ConfigException("timesteps", "must be >= 1, got " + timesteps);
            if (sampleOffset < 0) throw new ConfigException("sample-offset", "must be >= 0, got " + sampleOffset);
            if (threads < 1) throw new ConfigException("threads", "must be >= 1, got " + threads);
            if (ringSize < 2 || Integer.bitCount(ringSize) != 1) {
                throw new ConfigException("ring-size", "must be a power of two >= 2, got " + ringSize);
            }
            if (blockSize < 1) throw new ConfigException("block-size", "must be >= 1, got " + blockSize);
            if (encoder == null) throw new ConfigException("encoder", "is required");
            if (readout == null) throw new ConfigException("readout", "is required");
            if (readoutK < 1) throw new ConfigException("readout-k", "must be >= 1 spike, got " + readoutK);
            if (readout.stopsAtSpikes() && earlyExit != null) {
                throw new ConfigException("early-exit", "does not combine with the " + readout.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                    + " read-out, which stops each sample itself");
            }
            if (encoder == EncoderKind.TTFS && inputWindow < 1) {
                throw new ConfigException("encoder", "ttfs needs the network's input window (a network converted with --coding ttfs)");
            }
            if (!(maxRateHz > 0f) || Float.isInfinite(maxRateHz)) throw new ConfigException("max-rate-hz", "must be a positive number, got " + maxRateHz);
            if (!(timestepMs > 0f) || Float.isInfinite(timestepMs)) throw new ConfigException("timestep-ms", "must be a positive number, got " + timestepMs);
            int[] c = checkpoints == null ? new int[] {timesteps} : checkpoints.clone();
            Arrays.sort(c);
            c = Arrays.stream(c).distinct().toArray();
            if (c.length == 0 || c[0] < 1) {
                throw new ConfigException("checkpoints", "must lie in 1.." + timesteps + ", got " + Arrays.toString(checkpoints));
            }
            if (c[c.length - 1] > timesteps) {
                throw new ConfigException("checkpoints", "must lie in 1.." + timesteps + ", got " + c[c.length - 1]);
            }
            if (c[c.length - 1] != timesteps) {
                c = Arrays.copyOf(c, c.length + 1);
                c[c.length - 1] = timesteps;
            }
            this.checkpoints = c;
            return new SimulationConfig(this);
        }
    }
}
