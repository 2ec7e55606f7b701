package org.spikeflow.sweep;

import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.data.spec.DataSpecException;
import org.spikeflow.data.spec.Split;
import org.spikeflow.data.transform.InputTransform;
import org.spikeflow.hardware.DeviceProfile;
import org.spikeflow.hardware.Devices;
import org.spikeflow.hardware.ProfileLoader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a study file (YAML, SnakeYAML's safe constructor: plain data only). The format:
 *
 * <pre>
 * name: latency                       # optional title
 * models:                             # label: {model, data, calibration (default: data), transform (default: none)}
 *   mnist_cnn: {model: mnist_cnn.onnx, data: idx:data/mnist}
 * data:                               # the evaluation samples of every model (snn simulate's data flags)
 *   split: test                       # train | validation | test
 *   limit: 1000                       # stratified subset (or first: N); 0 = all
 *   split_seed: 0                     # also validation_fraction, test_fraction
 *   shard_size: 250                   # samples per task
 * convert:                            # one grid, or a list of grids (their union); every key takes a value,
 *   - {norm: percentile, percentile: [99, 99.9], burst: [1, 2]}   # a list, or a range {from, to, step|times}
 *   - {norm: channel, percentile: 99}
 * simulate:                           # also a grid or a list of grids
 *   timesteps: {from: 1, to: 32}      # the checkpoints; one simulation runs to the largest
 *   encoder: analog
 * devices: [loihi, spinnaker2, cpu]   # built-in, or named in device_profiles: FILE
 * </pre>
 *
 * Convert keys (defaults as {@code snn convert}): norm, percentile, burst, reset, v0, output_layer, fold_avgpool,
 * calibration_split, calibration_limit. Simulate keys (defaults as {@code snn simulate}): timesteps, engine,
 * encoder, max_rate_hz, timestep_ms, readout, seed. Keys may be written with dashes, like the flags.
 */
public final class StudyFile {
    static final Set<String> TOP = Set.of("name", "models", "data", "convert", "simulate", "devices", "device_profiles");
    static final Set<String> MODEL = Set.of("model", "data", "calibration", "transform");
    static final Set<String> DATA = Set.of("split", "limit", "first", "split_seed", "validation_fraction", "test_fraction", "shard_size");
    public static final Set<String> CONVERT = Set.of("norm", "percentile", "burst", "reset", "v0", "output_layer", "fold_avgpool",
        "calibration_split", "calibration_limit");
    public static final Set<String> SIMULATE = Set.of("timesteps", "engine", "encoder", "max_rate_hz", "timestep_ms", "readout", "seed");
    /** More grid points than this is almost certainly a mistake in the study. */
    static final int MAX_POINTS = 100_000;

    private StudyFile() {
    }

    /** Reads and checks the study's structure; values of the grids are checked by {@link Plan#expand}. */
    public static Study read(Path file) throws IOException {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(r);
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " at line " + (e.getProblemMark().getLine() + 1);
            throw new StudyException(file + ": not valid YAML" + where + ": " + e.getProblem());
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new StudyException(file + ": not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new StudyException(file + ": not UTF-8 text");
        } catch (RuntimeException e) {
            // a tagged value the YAML library cannot construct (a malformed !!binary, !!timestamp, ...)
            throw new StudyException(file + ": not valid YAML: a tagged value (such as !!binary) is malformed");
        }
        if (root == null) throw new StudyException(file + ": the study is empty (it needs at least 'models')");
        return parse(file, root);
    }

    static Study parse(Path file, Object root) {
        String f = file.toString();
        Map<String, Object> top = Values.mapping(f, root, TOP);
        Path base = file.toAbsolutePath().getParent();
        String name = top.containsKey("name") ? Values.string(f + ": name", top.get("name")) : baseName(file);
        if (!top.containsKey("models")) throw new StudyException(f + ": 'models' is required (label: {model: FILE, data: SPEC})");
        List<ModelSpec> models = models(f, base, top.get("models"));
        DataSettings data = data(f, top.getOrDefault("data", Map.of()));
        List<Study.GridPoint> conversions = grids(f, "convert", top.getOrDefault("convert", Map.of()), CONVERT);
        List<Study.GridPoint> simulations = grids(f, "simulate", top.getOrDefault("simulate", Map.of()), SIMULATE);
        if ((long) conversions.size() * simulations.size() * models.size() > MAX_POINTS) {
            throw new StudyException(f + ": the grid has " + (long) conversions.size() * simulations.size() * models.size()
                + " configurations (more than " + MAX_POINTS + ")");
        }
        List<DeviceProfile> devices = devices(f, base, top.get("devices"), top.get("device_profiles"));
        return new Study(file, name, models, data, conversions, simulations, devices);
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static List<ModelSpec> models(String f, Path base, Object value) {
        Map<String, Object> m = Values.labels(f + ": models", value);
        if (m.isEmpty()) throw new StudyException(f + ": models: at least one model is required");
        List<ModelSpec> out = new ArrayList<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String label = e.getKey();
            String where = f + ": models." + label;
            if (!label.matches("[A-Za-z0-9_.+-]+")) throw Values.fail(where, "a model label may hold letters, digits and _ . + - only", label);
            Map<String, Object> spec = Values.mapping(where, e.getValue(), MODEL);
            if (!spec.containsKey("model")) throw new StudyException(where + ": 'model' (the model file) is required");
            if (!spec.containsKey("data")) throw new StudyException(where + ": 'data' (the evaluation data) is required");
            String modelFile = base.resolve(Values.string(where + ".model", spec.get("model"))).normalize().toString();
            String data = dataSpec(where + ".data", base, spec.get("data"));
            String calibration = spec.containsKey("calibration") ? dataSpec(where + ".calibration", base, spec.get("calibration")) : data;
            String transform = spec.containsKey("transform") ? Values.string(where + ".transform", spec.get("transform")) : "none";
            try {
                InputTransform.parse(transform);
            } catch (IllegalArgumentException ex) {
                throw Values.fail(where + ".transform", ex.getMessage(), transform);
            }
            out.add(new ModelSpec(label, modelFile, data, calibration, transform));
        }
        return out;
    }

    /** The data specification with a relative path resolved against the study's directory. */
    static String dataSpec(String where, Path base, Object value) {
        String text = Values.string(where, value);
        DataSpec spec;
        try {
            spec = DataSpec.parse(text);
        } catch (DataSpecException e) {
            throw new StudyException(where + ": " + e.getMessage());
        }
        if (spec.path() == null) return spec.toString();
        String options = spec.kind() == DataSpec.Kind.FOLDER && (spec.height() > 0 || spec.grey())
            ? "@" + (spec.height() > 0 ? spec.height() + "x" + spec.width() : "") + (spec.grey() ? (spec.height() > 0 ? ",grey" : "grey") : "")
            : "";
        return spec.kind().name().toLowerCase(Locale.ROOT) + ":" + base.resolve(spec.path()).normalize() + options;
    }

    private static DataSettings data(String f, Object value) {
        String where = f + ": data";
        Map<String, Object> m = Values.mapping(where, value, DATA);
        Split split = m.containsKey("split")
            ? Values.enumValue(where + ".split", m.get("split"), Split.class, Map.of(), null) : Split.TEST;
        int limit = m.containsKey("limit") ? Values.integer(where + ".limit", m.get("limit")) : 0;
        int first = m.containsKey("first") ? Values.integer(where + ".first", m.get("first")) : 0;
        long seed = m.containsKey("split_seed") ? Values.longValue(where + ".split_seed", m.get("split_seed")) : 0L;
        double validation = m.containsKey("validation_fraction") ? Values.number(where + ".validation_fraction", m.get("validation_fraction")) : 0.1;
        double test = m.containsKey("test_fraction") ? Values.number(where + ".test_fraction", m.get("test_fraction")) : 0.1;
        int shard = m.containsKey("shard_size") ? Values.integer(where + ".shard_size", m.get("shard_size")) : DataSettings.DEFAULT_SHARD_SIZE;
        if (shard < 1) throw Values.fail(where + ".shard_size", "must be >= 1", shard);
        if (first > 0 && limit > 0) throw Values.fail(where, "limit and first cannot be combined", m);
        DataSettings d = new DataSettings(split, limit, first, seed, validation, test, shard);
        try {
            d.policy();
            d.selection();
        } catch (DataSpecException e) {
            // the data layer names the flag without dashes (validation-fraction); the study spells it with underscores
            throw new StudyException(where + "." + e.option().replace('-', '_') + ": " + e.getMessage());
        }
        return d;
    }

    /** The grid points of a section: a mapping is one grid, a list of mappings is the union of their grids. */
    static List<Study.GridPoint> grids(String f, String section, Object value, Set<String> keys) {
        List<Study.GridPoint> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            if (list.isEmpty()) throw Values.fail(f + ": " + section, "an empty list of grids gives no configurations", value);
            for (int i = 0; i < list.size(); i++) out.addAll(grid(f, section + "[" + i + "]", list.get(i), keys));
        } else {
            out.addAll(grid(f, section, value == null ? Map.of() : value, keys));
        }
        return out;
    }

    private static List<Study.GridPoint> grid(String f, String origin, Object value, Set<String> keys) {
        Map<String, Object> m = Values.mapping(f + ": " + origin, value, keys);
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String where = f + ": " + origin + "." + e.getKey();
            // timesteps is a set (the checkpoints of one simulation), not an axis of simulations
            List<Object> axis = e.getKey().equals("timesteps") ? List.of(Values.axis(where, e.getValue())) : Values.axis(where, e.getValue());
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : points) {
                for (Object v : axis) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(e.getKey(), v);
                    next.add(q);
                }
            }
            if (next.size() > MAX_POINTS) throw new StudyException(f + ": " + origin + ": more than " + MAX_POINTS + " grid points");
            points = next;
        }
        return points.stream().map(p -> new Study.GridPoint(origin, p)).toList();
    }

    private static List<DeviceProfile> devices(String f, Path base, Object names, Object profileFile) {
        Map<String, DeviceProfile> known = new LinkedHashMap<>(Devices.builtIn());
        if (profileFile != null) {
            Path p = base.resolve(Values.string(f + ": device_profiles", profileFile));
            for (DeviceProfile d : ProfileLoader.load(p)) known.put(d.name(), d);
        }
        if (names == null) return List.of();
        List<Object> list = names instanceof String s ? List.of((Object[]) s.split(",")) : null;
        if (list == null) {
            if (!(names instanceof List<?> l)) throw Values.fail(f + ": devices", "expected a list of device names", names);
            list = new ArrayList<>(l);
        }
        List<DeviceProfile> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String n = Values.string(f + ": devices[" + i + "]", list.get(i)).toLowerCase(Locale.ROOT);
            DeviceProfile d = known.get(n);
            if (d == null) throw Values.fail(f + ": devices[" + i + "]", "unknown device (known: " + String.join(", ", known.keySet()) + ")", list.get(i));
            if (out.contains(d)) throw Values.fail(f + ": devices[" + i + "]", "named twice", list.get(i));
            out.add(d);
        }
        return out;
    }

    /** A checkpoint list the way names show it: {@code 1..32} when contiguous, else the list. */
    static String describeTimesteps(Object v) {
        if (v instanceof List<?> l && l.size() > 2 && l.stream().allMatch(x -> x instanceof Integer)) {
            List<Integer> t = l.stream().map(x -> (Integer) x).toList();
            boolean contiguous = true;
            for (int i = 1; i < t.size(); i++) contiguous &= t.get(i) == t.get(i - 1) + 1;
            if (contiguous) return t.get(0) + ".." + t.get(t.size() - 1);
        }
        return Values.plain(v);
    }
}
