package org.spikeflow.bench;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.PopulationCounters;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * The sparsity crossover: the event engine against the dense time-stepped reference on the synthetic conv and
 * dense networks, at each of a list of activities: every input spikes with that probability at every timestep
 * (Poisson, seeded), and every layer's thresholds are set so it fires at the same rate from the first step on
 * ({@link SyntheticNetworks#convAtActivity}); the measured rate of every layer is reported beside it.
 *
 * <p>Both engines are timed the same way at every activity, on the same samples: first untimed runs of each
 * until it has run for {@code warmupSeconds} (at least one run), so the JIT has compiled the paths this activity
 * takes; then {@code repeats} runs of each, interleaved (event, dense, event, ...) so that a drift in machine
 * speed reaches both; the median run is reported. Both
 * engines perform the same synaptic operations (checked on every run: a disagreement is an error, not a
 * figure); the dense engine also evaluates every other weight, reported as multiply-accumulates per second.
 * The dense reference runs on the calling thread, so the fair comparison is one event-engine thread
 * ({@code threads = 1}, the default).
 */
public final class EngineBenchmark {
    /** Version of the JSON this benchmark writes; raised when a field changes meaning. */
    public static final int BENCH_VERSION = 2;

    /** The synthetic networks. */
    public enum NetworkKind { CONV, DENSE }

    /** Benchmark settings, validated on construction. */
    public record Settings(List<Double> activities, List<NetworkKind> networks, int timesteps, int samples, int threads,
                           int size, int channels, int layers, int denseInputs, int denseHidden, double warmupSeconds, int repeats) {
        public Settings {
            if (activities == null || activities.isEmpty()) throw new IllegalArgumentException("at least one activity is required");
            for (double a : activities) {
                if (!(a > 0 && a <= 1)) throw new IllegalArgumentException("activity must be in (0, 1], got " + a);
            }
            activities = activities.stream().sorted().distinct().toList();
            if (networks == null || networks.isEmpty()) throw new IllegalArgumentException("at least one network is required");
            networks = List.copyOf(networks);
            if (timesteps < 1 || samples < 1 || threads < 1 || channels < 1 || layers < 1 || repeats < 1
                || denseInputs < 1 || denseHidden < 1) {
                throw new IllegalArgumentException("timesteps, samples, threads, channels, layers, dense sizes and repeats must be >= 1");
            }
            if (size < 3) throw new IllegalArgumentException("size must be >= 3, got " + size);
            if (!(warmupSeconds >= 0) || Double.isInfinite(warmupSeconds)) {
                throw new IllegalArgumentException("warm-up seconds must be >= 0, got " + warmupSeconds);
            }
        }

        public static Settings defaults() {
            return new Settings(List.of(0.05), List.of(NetworkKind.CONV, NetworkKind.DENSE), 32, 4, 1, 32, 64, 3, 1024, 512, 2.0, 3);
        }
    }

    /** One engine's runs at one activity. */
    public record Timing(List<Double> wallSeconds, double medianWallSeconds, double secondsPerSample, double samplesPerSecond,
                         double synopsPerSample, double synopsPerSecond) {
    }

    /** The measured activity of one population: spikes per neuron per timestep. */
    public record LayerActivity(String population, double spikesPerNeuronPerStep) {
    }

    /** Both engines at one input activity. */
    public record Point(double activity, List<LayerActivity> layers, Timing event, Timing dense, double denseMacsPerSecond,
                        double eventOverDenseSpeedup) {
    }

    /**
     * One network over all activities. {@code crossoverActivity} is where the event engine's speed-up over the
     * dense one falls through 1 (interpolated on log scales between the two measured activities around it), or
     * absent when it does not within the measured range; {@code crossover} says which.
     */
    public record NetworkResult(String network, NetworkKind kind, long neurons, long synapses, List<Point> points,
                                Double crossoverActivity, String crossover) {
    }

    /** The whole benchmark. */
    public record Report(int benchVersion, int timesteps, int samples, int threads, int availableProcessors,
                         double warmupSeconds, int repeats, List<NetworkResult> networks) {
    }

    private EngineBenchmark() {
    }

    public static Report run(Settings s) {
        return run(s, line -> { });
    }

    /** Runs the benchmark; {@code progress} receives one line per measured point. */
    public static Report run(Settings s, Consumer<String> progress) {
        List<NetworkResult> nets = new ArrayList<>();
        for (NetworkKind k : s.networks()) nets.add(measure(k, s, progress));
        return new Report(BENCH_VERSION, s.timesteps(), s.samples(), s.threads(), Runtime.getRuntime().availableProcessors(),
            s.warmupSeconds(), s.repeats(), nets);
    }

    /** The network of {@code kind} at {@code activity}. */
    public static Network network(NetworkKind kind, Settings s, double activity) {
        return switch (kind) {
            case CONV -> SyntheticNetworks.convAtActivity(s.size(), s.channels(), s.layers(), activity, 1);
            case DENSE -> SyntheticNetworks.denseAtActivity(s.denseInputs(), s.denseHidden(), s.layers(), activity, 2);
        };
    }

    static NetworkResult measure(NetworkKind kind, Settings s, Consumer<String> progress) {
        List<Point> points = new ArrayList<>();
        Network net = null;
        for (int a = 0; a < s.activities().size(); a++) {
            double activity = s.activities().get(a);
            net = network(kind, s, activity);
            SimulationConfig cfg = SimulationConfig.builder().timesteps(s.timesteps()).encoder(EncoderKind.POISSON)
                .maxRateHz((float) (1000 * activity)).timestepMs(1f).seed(3).threads(s.threads()).build();
            Dataset data = SyntheticNetworks.poissonInput(net, s.samples());
            warm(EngineKind.EVENT, net, data, cfg, s.warmupSeconds());
            warm(EngineKind.DENSE, net, data, cfg, s.warmupSeconds());
            double[] eventWall = new double[s.repeats()];
            double[] denseWall = new double[s.repeats()];
            SimulationResult event = null;
            SimulationResult dense = null;
            for (int r = 0; r < s.repeats(); r++) {
                event = Engines.create(EngineKind.EVENT).run(net, data, cfg);
                dense = Engines.create(EngineKind.DENSE).run(net, data, cfg);
                checkAgreement(net, event, dense, activity);
                eventWall[r] = event.wallSeconds();
                denseWall[r] = dense.wallSeconds();
            }
            Timing e = timing(eventWall, event.totalSynops(), s.samples());
            Timing d = timing(denseWall, dense.totalSynops(), s.samples());
            List<LayerActivity> layers = new ArrayList<>();
            for (Population p : net.populations()) {
                layers.add(new LayerActivity(p.name(), PopulationCounters.sum(event.counters(p.id()).spikes)
                    / (double) p.size() / s.timesteps() / s.samples()));
            }
            Point pt = new Point(activity, layers, e, d, dense.denseOperations() / d.medianWallSeconds(),
                d.secondsPerSample() / e.secondsPerSample());
            points.add(pt);
            progress.accept(String.format(java.util.Locale.ROOT,
                "%s activity %.4g: event %.3g s/sample (%.3g synops/s), dense %.3g s/sample, speed-up %.3g",
                net.name(), activity, e.secondsPerSample(), e.synopsPerSecond(), d.secondsPerSample(), pt.eventOverDenseSpeedup()));
        }
        Double crossover = crossover(points);
        String what;
        if (crossover != null) {
            what = "the event engine is faster below this input activity, the dense reference above it";
        } else if (points.stream().allMatch(p -> p.eventOverDenseSpeedup() >= 1)) {
            what = "the event engine is faster at every measured activity";
        } else if (points.stream().allMatch(p -> p.eventOverDenseSpeedup() < 1)) {
            what = "the dense reference is faster at every measured activity";
        } else {
            what = "the event engine is slower at the lowest measured activity, so there is no crossover from event to dense";
        }
        return new NetworkResult(net.name(), kind, net.neurons(), net.synapses(), points, crossover, what);
    }

    private static void warm(EngineKind engine, Network net, Dataset data, SimulationConfig cfg, double seconds) {
        final long end = System.nanoTime() + (long) (seconds * 1e9);
        do {
            Engines.create(engine).run(net, data, cfg);
        } while (System.nanoTime() < end);
    }

    /** Both engines must have performed the same synaptic operations and emitted the same spikes. */
    private static void checkAgreement(Network net, SimulationResult event, SimulationResult dense, double activity) {
        if (event.totalSynops() != dense.totalSynops() || event.totalSpikes() != dense.totalSpikes()
            || !Arrays.deepEquals(event.predictions(), dense.predictions())) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                "the engines disagree on %s at activity %s: event %d spikes / %d synops, dense %d / %d",
                net.name(), activity, event.totalSpikes(), event.totalSynops(), dense.totalSpikes(), dense.totalSynops()));
        }
    }

    static Timing timing(double[] wall, long synops, int samples) {
        double median = median(wall);
        List<Double> runs = Arrays.stream(wall).boxed().toList();
        return new Timing(runs, median, median / samples, samples / median, synops / (double) samples, synops / median);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
    }

    /**
     * The first activity at which the speed-up falls from at least 1 to below 1, interpolated linearly in
     * log(activity) against log(speed-up) between the two measured points around it; null if there is none.
     */
    static Double crossover(List<Point> points) {
        for (int i = 0; i + 1 < points.size(); i++) {
            double s0 = points.get(i).eventOverDenseSpeedup();
            double s1 = points.get(i + 1).eventOverDenseSpeedup();
            if (s0 >= 1 && s1 < 1) {
                double a0 = Math.log(points.get(i).activity());
                double a1 = Math.log(points.get(i + 1).activity());
                double l0 = Math.log(s0);
                double l1 = Math.log(s1);
                return Math.exp(a0 + (a1 - a0) * l0 / (l0 - l1));
            }
        }
        return null;
    }
}
