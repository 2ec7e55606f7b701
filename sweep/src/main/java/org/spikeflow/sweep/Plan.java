package org.spikeflow.sweep;

import org.spikeflow.converter.ModelException;
import org.spikeflow.converter.ModelLoader;
import org.spikeflow.converter.snn.NormMode;
import org.spikeflow.converter.snn.OutputMode;
import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.data.spec.DataSpecException;
import org.spikeflow.data.spec.Split;
import org.spikeflow.engine.ConfigException;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.ResetMode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A study expanded into configurations and checked, before any work starts. {@link #expand} types every value of
 * every configuration (a bad one is a {@link StudyException} naming the configuration, the key and the value);
 * {@link #of} then opens every model and evaluation set (a missing or mismatched file is a {@link ModelException}
 * or {@link DataException} naming the model) and computes the keys of the results store.
 *
 * @param duplicates grid points that turned out to be the same configuration as an earlier one (they differ only in
 *                   settings their mode ignores, such as the percentile of {@code norm: max}) and run once
 */
public record Plan(Study study, List<Configuration> configurations, int duplicates) {
    /** Version of the keys: bump it when what a stored result means changes. */
    static final String KEY_VERSION = "1";

    /** A configuration before its files are opened: typed settings and its name. */
    public record Point(String name, ModelSpec model, ConversionSettings conversion, SimulationSettings simulation) {
    }

    /** Types and checks every configuration of the grid; touches no file. */
    public static List<Point> expand(Study study) {
        String f = study.file().toString();
        Map<Study.GridPoint, ConversionSettings> conversions = new LinkedHashMap<>();
        Map<Study.GridPoint, SimulationSettings> simulations = new LinkedHashMap<>();
        List<Point> out = new ArrayList<>();
        for (ModelSpec m : study.models()) {
            for (Study.GridPoint c : study.conversions()) {
                for (Study.GridPoint s : study.simulations()) {
                    String name = name(m, c, s);
                    String where = f + ": configuration '" + name + "'";
                    ConversionSettings cs = conversions.get(c);
                    if (cs == null) conversions.put(c, cs = conversion(where, c));
                    SimulationSettings ss = simulations.get(s);
                    if (ss == null) simulations.put(s, ss = simulation(where, s));
                    boolean spikeTrains = DataSpec.parse(m.data()).kind().spikeTrains();
                    if (spikeTrains != (ss.encoder() == EncoderKind.SPIKE_TRAIN)) {
                        throw new StudyException(where + ": " + s.origin() + ".encoder: " + (spikeTrains
                            ? "the data of model '" + m.label() + "' holds recorded spike trains: use encoder spike-train, got "
                            : "encoder spike-train needs recorded spike trains (npz:, npy: data), but model '" + m.label() + "' has " + m.data() + ", got ")
                            + Values.name(ss.encoder()));
                    }
                    out.add(new Point(name, m, cs, ss));
                }
            }
        }
        return out;
    }

    static String name(ModelSpec m, Study.GridPoint c, Study.GridPoint s) {
        StringBuilder sb = new StringBuilder(m.label());
        String cd = c.describe();
        if (!cd.isEmpty()) sb.append(' ').append(cd);
        String sd = s.describe();
        if (!sd.isEmpty()) sb.append(' ').append(sd);
        return sb.toString();
    }

    /** Expands the study, then opens its models and data and computes every key. */
    public static Plan of(Study study) {
        List<Point> points = expand(study);
        Map<String, String> modelHashes = new LinkedHashMap<>();
        Map<DataRequest, Integer> sizes = new LinkedHashMap<>();
        for (ModelSpec m : study.models()) modelHashes.put(m.label(), check(study, m, sizes));
        Set<String> varying = varying(points);
        Map<String, Configuration> byKey = new LinkedHashMap<>();
        for (Point p : points) {
            DataRequest eval = DataRequest.evaluation(p.model(), study.data());
            int samples = sizes.get(eval);
            int shards = (samples + study.data().shardSize() - 1) / study.data().shardSize();
            String calibration = calibrationKey(modelHashes.get(p.model().label()), study.data(), p.model(), p.conversion());
            String conversion = conversionKey(calibration, p.conversion());
            String key = configurationKey(conversion, eval, study.data().shardSize(), p.simulation());
            byKey.putIfAbsent(key, new Configuration(p.name(), label(p, varying), key, p.model(), p.conversion(), p.simulation(),
                conversion, calibration, eval, samples, shards));
        }
        return new Plan(study, List.copyOf(byKey.values()), points.size() - byKey.size());
    }

    /** Opens the model and its evaluation data; returns the model file's SHA-256. */
    private static String check(Study study, ModelSpec m, Map<DataRequest, Integer> sizes) {
        String where = study.file() + ": model '" + m.label() + "'";
        Path file = Path.of(m.file());
        if (!Files.isRegularFile(file)) throw new ModelException(where + ": no such file " + file);
        if (ModelLoader.isNetworkFile(file)) {
            throw new StudyException(where + ": " + file + " is already a spiking network file; a sweep converts trained ANN models");
        }
        String sha;
        try {
            sha = Canonical.sha256(file);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read " + file + ": " + e.getMessage(), e);
        }
        Network net;
        try {
            net = ModelLoader.load(file);
        } catch (RuntimeException e) {
            throw new ModelException(where + ": " + e.getMessage(), e);
        }
        checkPath(where + ": calibration", m.calibration());
        DataRequest eval = DataRequest.evaluation(m, study.data());
        Dataset data;
        try {
            data = SweepTasks.data(eval);
        } catch (DataSpecException e) {
            throw new StudyException(where + ": data " + m.data() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new DataException(where + ": " + e.getMessage(), e);
        }
        boolean spikeTrains = DataSpec.parse(m.data()).kind().spikeTrains();
        int per = data.samples()[0].length;
        if (spikeTrains ? per % net.input().size() != 0 : per != net.input().size()) {
            throw new DataException(where + ": data " + data.name() + " has " + per + " values per sample but the model's input '"
                + net.input().name() + "' expects " + net.input().size() + " " + net.input().shape());
        }
        sizes.put(eval, data.size());
        return sha;
    }

    private static void checkPath(String where, String spec) {
        DataSpec s = DataSpec.parse(spec);
        if (s.path() != null && !Files.exists(s.path())) throw new DataException(where + ": no such file or directory " + s.path());
    }

    static String calibrationKey(String modelSha, DataSettings d, ModelSpec m, ConversionSettings c) {
        Canonical k = new Canonical("calibration/" + KEY_VERSION).put("model.sha256", modelSha)
            .put("fold_avgpool", c.foldAvgPool()).put("transform", m.transform());
        if (ConversionSettings.usesCalibration(c.norm())) DataRequest.calibration(m, d, c).hashInto(k, "calibration");
        return k.key();
    }

    static String conversionKey(String calibrationKey, ConversionSettings c) {
        return new Canonical("conversion/" + KEY_VERSION).put("calibration", calibrationKey).put("norm", c.norm())
            .put("percentile", c.percentile()).put("burst", c.burst()).put("reset", c.reset()).put("v0", c.v0())
            .put("output_layer", c.outputLayer()).key();
    }

    static String configurationKey(String conversionKey, DataRequest eval, int shardSize, SimulationSettings s) {
        Canonical k = new Canonical("configuration/" + KEY_VERSION).put("conversion", conversionKey);
        eval.hashInto(k, "data");
        return k.put("shard_size", shardSize).put("engine", s.engine()).put("encoder", s.encoder()).put("max_rate_hz", s.maxRateHz())
            .put("timestep_ms", s.timestepMs()).put("readout", s.readout()).put("seed", s.seed()).put("timesteps", s.timesteps()).key();
    }

    // ---- typing of grid points ----

    static ConversionSettings conversion(String where, Study.GridPoint p) {
        Map<String, Object> v = p.values();
        String at = where + ": " + p.origin() + ".";
        NormMode norm = v.containsKey("norm") ? Values.enumValue(at + "norm", v.get("norm"), NormMode.class,
            Map.of("channel", NormMode.CHANNEL_PERCENTILE, "balancing", NormMode.THRESHOLD_BALANCING), null) : NormMode.PERCENTILE;
        double percentile = v.containsKey("percentile") ? Values.number(at + "percentile", v.get("percentile")) : ConversionSettings.DEFAULT_PERCENTILE;
        if (!(percentile > 0 && percentile <= 100)) throw Values.fail(at + "percentile", "must be in (0, 100]", v.get("percentile"));
        int burst = v.containsKey("burst") ? Values.integer(at + "burst", v.get("burst")) : 1;
        if (burst < 1) throw Values.fail(at + "burst", "must be >= 1", v.get("burst"));
        ResetMode reset = v.containsKey("reset") ? Values.enumValue(at + "reset", v.get("reset"), ResetMode.class, Map.of(), null) : ResetMode.SUBTRACT;
        double v0 = v.containsKey("v0") ? Values.number(at + "v0", v.get("v0")) : 0.5;
        if (!(v0 >= 0 && v0 < 1)) throw Values.fail(at + "v0", "must be in [0, 1)", v.get("v0"));
        OutputMode output = v.containsKey("output_layer")
            ? Values.enumValue(at + "output_layer", v.get("output_layer"), OutputMode.class, Map.of(), null) : OutputMode.INTEGRATOR;
        boolean fold = !v.containsKey("fold_avgpool") || Values.bool(at + "fold_avgpool", v.get("fold_avgpool"));
        Split split = v.containsKey("calibration_split")
            ? Values.enumValue(at + "calibration_split", v.get("calibration_split"), Split.class, Map.of(), null) : Split.TRAIN;
        int limit = v.containsKey("calibration_limit") ? Values.integer(at + "calibration_limit", v.get("calibration_limit"))
            : ConversionSettings.DEFAULT_CALIBRATION_LIMIT;
        if (limit < 0) throw Values.fail(at + "calibration_limit", "must be >= 0 (0 = all)", v.get("calibration_limit"));
        boolean calibrated = ConversionSettings.usesCalibration(norm);
        return new ConversionSettings(norm, ConversionSettings.usesPercentile(norm) ? percentile : null, burst, reset, (float) v0, output, fold,
            calibrated ? split : null, calibrated ? limit : 0);
    }

    static SimulationSettings simulation(String where, Study.GridPoint p) {
        Map<String, Object> v = p.values();
        String at = where + ": " + p.origin() + ".";
        List<Integer> timesteps = v.containsKey("timesteps") ? timesteps(at + "timesteps", v.get("timesteps")) : List.of(32);
        EngineKind engine = v.containsKey("engine") ? Values.enumValue(at + "engine", v.get("engine"), EngineKind.class, Map.of(), null) : EngineKind.EVENT;
        if ("receptive-field".equals(String.valueOf(v.get("encoder")).toLowerCase(Locale.ROOT).replace('_', '-'))) {
            throw Values.fail(at + "encoder", "receptive-field coding is not swept (its spike trains depend on the run's length, so one"
                + " run to the largest T would not answer the smaller ones; use snn simulate)", v.get("encoder"));
        }
        EncoderKind encoder = v.containsKey("encoder") ? Values.enumValue(at + "encoder", v.get("encoder"), EncoderKind.class,
            Map.of("direct", EncoderKind.ANALOG), EnumSet.of(EncoderKind.ANALOG, EncoderKind.POISSON, EncoderKind.REGULAR, EncoderKind.SPIKE_TRAIN,
                EncoderKind.CPN, EncoderKind.IB, EncoderKind.PSO))
            : EncoderKind.ANALOG;
        double rate = v.containsKey("max_rate_hz") ? Values.number(at + "max_rate_hz", v.get("max_rate_hz")) : encoder.defaultMaxRateHz();
        double dt = v.containsKey("timestep_ms") ? Values.number(at + "timestep_ms", v.get("timestep_ms")) : 1.0;
        ReadoutMode readout = v.containsKey("readout") ? Values.enumValue(at + "readout", v.get("readout"), ReadoutMode.class,
            Map.of("count", ReadoutMode.SPIKE_COUNT),
            EnumSet.of(ReadoutMode.AUTO, ReadoutMode.SPIKE_COUNT, ReadoutMode.MEMBRANE, ReadoutMode.FIRST_SPIKE)) : ReadoutMode.AUTO;
        long seed = v.containsKey("seed") ? Values.longValue(at + "seed", v.get("seed")) : SimulationSettings.DEFAULT_SEED;
        SimulationSettings s = new SimulationSettings(engine, encoder, SimulationSettings.usesRate(encoder) ? (float) rate : null, (float) dt,
            readout, SimulationSettings.usesSeed(encoder) ? seed : null, timesteps);
        try {
            s.config(1);
        } catch (ConfigException e) {
            // the engine names the flag (max-rate-hz); the study spells it with underscores
            String key = e.option().equals("checkpoints") ? "timesteps" : e.option().replace('-', '_');
            throw new StudyException(at + key + ":" + e.getMessage().substring(e.option().length()));
        }
        return s;
    }

    private static List<Integer> timesteps(String where, Object raw) {
        List<Object> values = raw instanceof List<?> l ? new ArrayList<>(l) : List.of(raw);
        Set<Integer> t = new java.util.TreeSet<>();
        for (Object o : values) {
            int x = Values.integer(where, o);
            if (x < 1) throw Values.fail(where, "every timestep must be >= 1", o);
            t.add(x);
        }
        return List.copyOf(t);
    }

    // ---- legends ----

    /** The settings whose values differ between configurations (models aside), in table order. */
    private static Set<String> varying(List<Point> points) {
        Map<String, Set<Object>> seen = new LinkedHashMap<>();
        for (Point p : points) settings(p).forEach((k, v) -> seen.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(v == null ? "-" : v));
        Set<String> out = new LinkedHashSet<>();
        seen.forEach((k, v) -> {
            if (v.size() > 1) out.add(k);
        });
        return out;
    }

    /** Every setting of a configuration that a table column shows, by column name. */
    static Map<String, Object> settings(Point p) {
        Map<String, Object> m = new LinkedHashMap<>();
        ConversionSettings c = p.conversion();
        SimulationSettings s = p.simulation();
        m.put("norm", Values.name(c.norm()));
        m.put("percentile", c.percentile());
        m.put("burst", c.burst());
        m.put("reset", Values.name(c.reset()));
        m.put("v0", c.v0());
        m.put("output_layer", Values.name(c.outputLayer()));
        m.put("fold_avgpool", c.foldAvgPool());
        m.put("calibration_split", c.calibrationSplit() == null ? null : Values.name(c.calibrationSplit()));
        m.put("calibration_limit", c.calibrationLimit());
        m.put("engine", Values.name(s.engine()));
        m.put("encoder", Values.name(s.encoder()));
        m.put("max_rate_hz", s.maxRateHz());
        m.put("timestep_ms", s.timestepMs());
        m.put("readout", Values.name(s.readout()));
        m.put("seed", s.seed());
        m.put("max_timesteps", s.maxTimesteps());
        return m;
    }

    private static String label(Point p, Set<String> varying) {
        Map<String, Object> s = settings(p);
        List<String> parts = new ArrayList<>();
        for (String k : varying) {
            Object v = s.get(k);
            String text = v instanceof Double d ? trim(d) : v instanceof Float x ? trim(x) : String.valueOf(v == null ? "-" : v);
            if (k.equals("norm")) {
                parts.add(text);
            } else if (k.equals("percentile") && varying.contains("norm") && v != null && !parts.isEmpty()) {
                parts.set(parts.size() - 1, parts.get(parts.size() - 1) + " " + text);
            } else if (v != null) {
                parts.add(k.replace('_', ' ') + " " + text);
            }
        }
        return parts.isEmpty() ? p.model().label() : String.join(", ", parts);
    }

    static String trim(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
