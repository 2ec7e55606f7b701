package org.spikeflow.hardware;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads user-defined device profiles from YAML or JSON (JSON is YAML). Either one device at the top level or
 * a list under {@code devices}. Fields: {@code name}, {@code spiking}, {@code energy_per_op},
 * {@code energy_per_synop}, {@code energy_per_neuron_update}, {@code energy_per_spike},
 * {@code neuron_updates} (all|active), {@code static_power}, {@code time_per_timestep}, {@code source}.
 * Quantities are numbers in base units or strings with a unit ("23.6 pJ", "10 us", "0.5 W").
 */
public final class ProfileLoader {
    private static final Set<String> FIELDS = Set.of("name", "spiking", "energy_per_op", "energy_per_synop",
        "energy_per_neuron_update", "energy_per_spike", "neuron_updates", "static_power", "time_per_timestep", "source");

    private ProfileLoader() {
    }

    @SuppressWarnings("unchecked")
    public static List<DeviceProfile> load(Path file) {
        Object root;
        try (Reader r = Files.newBufferedReader(file)) {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (NoSuchFileException e) {
            throw new ProfileException(file + ": no such file");
        } catch (IOException e) {
            throw new ProfileException(file + ": cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new ProfileException(file + ": not valid YAML/JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(root instanceof Map<?, ?> map)) throw new ProfileException(file + ": expected a mapping with device fields or 'devices'");
        List<Map<String, Object>> entries = new ArrayList<>();
        if (map.containsKey("devices")) {
            Object d = map.get("devices");
            if (!(d instanceof List<?> list)) throw new ProfileException(file + ": 'devices' must be a list");
            for (Object o : list) {
                if (!(o instanceof Map)) throw new ProfileException(file + ": every entry of 'devices' must be a mapping");
                entries.add((Map<String, Object>) o);
            }
        } else {
            entries.add((Map<String, Object>) map);
        }
        List<DeviceProfile> out = new ArrayList<>();
        for (Map<String, Object> e : entries) out.add(parse(file, e));
        return out;
    }

    static DeviceProfile parse(Path file, Map<String, Object> e) {
        Object nameObj = e.get("name");
        if (nameObj == null) throw new ProfileException(file + ": missing field 'name'");
        String name = nameObj.toString();
        String where = file + ": device '" + name + "'";
        for (String k : e.keySet()) {
            if (!FIELDS.contains(k)) throw new ProfileException(where + ": unknown field '" + k + "'");
        }
        if (!e.containsKey("spiking")) throw new ProfileException(where + ": missing field 'spiking'");
        boolean spiking = Boolean.parseBoolean(e.get("spiking").toString());
        double op = energy(e, "energy_per_op", where);
        double synop = energy(e, "energy_per_synop", where);
        double neuron = energy(e, "energy_per_neuron_update", where);
        double spike = energy(e, "energy_per_spike", where);
        if (spiking && !e.containsKey("energy_per_synop")) throw new ProfileException(where + ": missing field 'energy_per_synop'");
        if (!spiking && !e.containsKey("energy_per_op")) throw new ProfileException(where + ": missing field 'energy_per_op'");
        String mode = String.valueOf(e.getOrDefault("neuron_updates", "all")).toLowerCase(Locale.ROOT);
        NeuronUpdateMode m = switch (mode) {
            case "all" -> NeuronUpdateMode.ALL;
            case "active" -> NeuronUpdateMode.ACTIVE;
            default -> throw new ProfileException(where + ": neuron_updates must be 'all' or 'active', got '" + mode + "'");
        };
        double power = e.containsKey("static_power") ? Quantities.parse(e.get("static_power"), Quantities.Dimension.POWER, where + " static_power") : 0;
        double time = e.containsKey("time_per_timestep") ? Quantities.parse(e.get("time_per_timestep"), Quantities.Dimension.TIME, where + " time_per_timestep") : 0;
        try {
            return new DeviceProfile(name, spiking, op, synop, neuron, spike, m, power, time,
                String.valueOf(e.getOrDefault("source", "user profile " + file.getFileName())));
        } catch (ProfileException ex) {
            throw new ProfileException(file + ": " + ex.getMessage());
        }
    }

    private static double energy(Map<String, Object> e, String field, String where) {
        if (!e.containsKey(field)) return 0;
        double v = Quantities.parse(e.get(field), Quantities.Dimension.ENERGY, where + " " + field);
        if (v < 0) throw new ProfileException(where + ": " + field + " must not be negative, got " + e.get(field));
        return v;
    }
}
