package org.spikeflow.hardware;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
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
    /** Profiles larger than this are refused before reading (a real one is a few kilobytes). */
    public static final long MAX_PROFILE_BYTES = 4L << 20;
    private static final Set<String> FIELDS = Set.of("name", "spiking", "energy_per_op", "energy_per_synop",
        "energy_per_neuron_update", "energy_per_spike", "neuron_updates", "static_power", "time_per_timestep", "source");

    private ProfileLoader() {
    }

    @SuppressWarnings("unchecked")
    public static List<DeviceProfile> load(Path file) {
        Object root;
        String text = text(file);
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (MarkedYAMLException e) {
            throw new ProfileException(file + ": not valid YAML/JSON" + (e.getProblemMark() == null ? ""
                : " (line " + (e.getProblemMark().getLine() + 1) + ", column " + (e.getProblemMark().getColumn() + 1) + ")")
                + ": " + (e.getProblem() == null ? "malformed" : e.getProblem()));
        } catch (YAMLException e) {
            String m = e.getMessage() == null ? "malformed" : e.getMessage().lines().findFirst().orElse("malformed");
            throw new ProfileException(file + ": not valid YAML/JSON: " + m);
        } catch (RuntimeException e) {
            // a tagged value the YAML library cannot construct (a malformed !!binary, !!timestamp, ...)
            throw new ProfileException(file + ": not valid YAML/JSON: a tagged value (such as !!binary) is malformed");
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

    /** The file as UTF-8 text, refusing files beyond {@link #MAX_PROFILE_BYTES} and bytes that are not UTF-8. */
    static String text(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_PROFILE_BYTES) {
                throw new ProfileException(file + ": " + size + " bytes is larger than a device profile can be (limit " + MAX_PROFILE_BYTES + ")");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ProfileException(file + ": no such file");
        } catch (IOException e) {
            throw new ProfileException(file + ": cannot read: " + e.getMessage());
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = d.decode(in, out, true);
        if (r.isError()) {
            throw new ProfileException(file + ": not UTF-8 text (invalid byte 0x"
                + Integer.toHexString(bytes[in.position()] & 0xff) + " at offset " + in.position() + ")");
        }
        d.flush(out);
        return out.flip().toString();
    }

    static DeviceProfile parse(Path file, Map<String, Object> e) {
        for (Object k : e.keySet()) {
            if (!(k instanceof String)) {
                throw new ProfileException(file + ": field name " + k + " is not a string (YAML reads an unquoted " + k
                    + " as a " + (k == null ? "null" : k instanceof Boolean ? "boolean" : k instanceof Number ? "number" : "non-string value")
                    + "; quote it if it is meant as a name)");
            }
        }
        Object nameObj = e.get("name");
        if (nameObj == null) throw new ProfileException(file + ": missing field 'name'");
        String name = nameObj.toString();
        String where = file + ": device '" + name + "'";
        for (String k : e.keySet()) {
            if (!FIELDS.contains(k)) throw new ProfileException(where + ": unknown field '" + k + "'");
        }
        if (!e.containsKey("spiking")) throw new ProfileException(where + ": missing field 'spiking'");
        Object sp = e.get("spiking");
        if (!(sp instanceof Boolean) && !"true".equalsIgnoreCase(String.valueOf(sp)) && !"false".equalsIgnoreCase(String.valueOf(sp))) {
            throw new ProfileException(where + ": spiking must be true or false, got " + sp);
        }
        boolean spiking = Boolean.parseBoolean(String.valueOf(sp));
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
