package org.spikeflow.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import org.spikeflow.io.AtomicFiles;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes and reads reports as JSON: snake_case field names, enums in lower case, absent (null) fields left out,
 * pretty-printed, written atomically. Reading a file that is not a report of the expected kind fails with a
 * {@link ReportException} that names the file and the field or position at fault.
 */
public final class ReportJson {
    /** Reports larger than this are refused before parsing (a real one is a few megabytes at most). */
    public static final long MAX_REPORT_BYTES = 256L << 20;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .serializationInclusion(JsonInclude.Include.NON_NULL)
        .addModule(lowerCaseEnums())
        .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private ReportJson() {
    }

    /** The shared mapper (thread-safe). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Writes any report record (or map) to {@code file} atomically. */
    public static void write(Path file, Object report) throws IOException {
        AtomicFiles.write(file, out -> MAPPER.writeValue(new FilterOutputStream(out) {
            @Override
            public void close() {
                // the atomic writer closes the stream
            }
        }, report));
    }

    /** The report as a JSON string. */
    public static String toJson(Object report) {
        try {
            return MAPPER.writeValueAsString(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + report.getClass().getSimpleName(), e);
        }
    }

    /** Reads a report written by {@code snn simulate --report} and checks that it is consistent. */
    public static SimulationReport readSimulation(Path file) {
        SimulationReport r = read(file, SimulationReport.class, "simulate report");
        String bad = problem(r);
        if (bad != null) throw new ReportException(file + ": not a valid simulate report: " + bad);
        return r;
    }

    /** Reads a JSON file into {@code type}; {@code what} names the kind of file in messages. */
    public static <T> T read(Path file, Class<T> type, String what) {
        try {
            long size = Files.size(file);
            if (size > MAX_REPORT_BYTES) {
                throw new ReportException(file + ": " + size + " bytes is larger than a " + what + " can be (limit " + MAX_REPORT_BYTES + ")");
            }
            try (InputStream in = Files.newInputStream(file)) {
                T value = MAPPER.readValue(in, type);
                if (value == null) throw new ReportException(file + ": not a " + what + " (the file holds JSON null)");
                return value;
            }
        } catch (NoSuchFileException e) {
            throw new ReportException(file + ": no such file");
        } catch (JsonMappingException e) {
            throw new ReportException(file + ": not a valid " + what + ": " + describe(e), e);
        } catch (JsonProcessingException e) {
            throw new ReportException(file + ": not valid JSON" + at(e) + ": " + syntax(e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new ReportException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'([^']{0,40})'");

    /** The parser's complaint as a sentence of ours (its own text names its classes and features). */
    static String syntax(String original) {
        String m = original == null ? "" : original;
        java.util.regex.Matcher q = QUOTED.matcher(m);
        String token = q.find() ? q.group(1) : null;
        if (m.startsWith("Non-standard token")) return (token == null ? "a value" : "'" + token + "'") + " is not a JSON number (JSON has no NaN or Infinity)";
        if (m.startsWith("Unexpected end-of-input")) return "the file ends in the middle of a value (truncated)";
        if (m.startsWith("Unexpected close marker")) return "unbalanced brackets ('" + (token == null ? "?" : token) + "' closes nothing open)";
        if (m.startsWith("Unexpected character")) return "unexpected character " + (token == null ? "" : "'" + token + "'");
        if (m.startsWith("Unrecognized token")) return "unrecognized word " + (token == null ? "" : "'" + token + "'") + " (not a number, string, true, false or null)";
        if (m.startsWith("Duplicate field")) return "field " + (token == null ? "" : "'" + token + "' ") + "appears twice";
        if (m.contains("UTF-8") || m.contains("Invalid UTF")) return "not UTF-8 text";
        if (m.contains("out of range")) return "a number is out of range";
        if (m.contains("numeric value") || m.contains("Leading zeroes") || m.contains("Invalid number")) return "a malformed number";
        if (m.contains("nesting depth")) return "nested too deeply";
        if (m.contains("String value length") || m.contains("Number value length") || m.contains("Name length")) return "a value is too long";
        if (m.contains("control character") || m.contains("CTRL-CHAR")) return "an unescaped control character in a string";
        return "malformed JSON";
    }

    /** The JSON path of a mapping problem and what was expected there. */
    static String describe(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (path.length() > 0) path.append('.');
                path.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                path.append('[').append(r.getIndex()).append(']');
            }
        }
        String problem = firstLine(e.getOriginalMessage());
        if (problem.startsWith("Cannot construct instance") || problem.startsWith("Cannot deserialize")) {
            problem = "wrong type of value";
        } else if (problem.contains("Cannot map `null`")) {
            problem = "missing, or null where a number is required";
        } else if (problem.startsWith("Cannot coerce")) {
            problem = "wrong type of value";
        } else if (e.getCause() instanceof com.fasterxml.jackson.core.JsonParseException || !syntax(problem).equals("malformed JSON")) {
            // a syntax error met inside a field: the parser's complaint in our words, as at the top level
            problem = syntax(problem);
        }
        return (path.length() == 0 ? "top level" : "field '" + path + "'") + at(e) + ": " + problem;
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
            : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String m) {
        if (m == null) return "malformed";
        String line = m.lines().findFirst().orElse("malformed");
        // Keep our sentence free of the parser's class names and source descriptions.
        int at = line.indexOf(" at [Source");
        if (at >= 0) line = line.substring(0, at);
        line = line.replaceAll("\\(for [^)]*\\)", "").replaceAll("`[a-z]+(\\.[A-Za-z$]+)+`", "value").trim();
        return line.length() > 160 ? line.substring(0, 160) + "..." : line;
    }

    /** What is inconsistent in a simulate report, or null. */
    static String problem(SimulationReport r) {
        if (r.network() == null) return "missing field 'network'";
        if (r.samples() < 0) return "samples is negative";
        if (r.timesteps() < 1) return "timesteps must be >= 1, got " + r.timesteps();
        if (!(r.timestepMs() > 0) || Double.isInfinite(r.timestepMs())) return "timestep_ms must be a positive number";
        if (r.layers().isEmpty()) return "no layers";
        if (!Double.isFinite(r.meanDecisionTimestep()) || r.meanDecisionTimestep() < 0) return "mean_decision_timestep must be a finite number >= 0";
        for (var e : r.accuracy().entrySet()) {
            if (e.getKey() == null || e.getKey() < 1 || e.getKey() > r.timesteps()) return "accuracy checkpoint " + e.getKey() + " is outside 1.." + r.timesteps();
            if (e.getValue() == null || !(e.getValue() >= 0 && e.getValue() <= 1)) return "accuracy at T=" + e.getKey() + " must be a fraction in [0, 1]";
        }
        for (int i = 0; i < r.layers().size(); i++) {
            LayerReport l = r.layers().get(i);
            String where = "layer " + i + (l == null || l.name() == null ? "" : " ('" + l.name() + "')");
            if (l == null) return where + " is null";
            if (l.name() == null) return where + ": missing name";
            if (l.kind() == null) return where + ": missing kind";
            if (l.neurons() < 0 || l.connections() < 0 || l.sourceNeurons() < 0 || l.neuronUpdatesPerSample() < 0) {
                return where + ": sizes must not be negative";
            }
            for (double v : new double[] {l.spikesPerSample(), l.synopsPerSample(), l.inputSpikesPerSample(),
                l.activeNeuronUpdatesPerSample(), l.firingRateHz()}) {
                if (!Double.isFinite(v) || v < 0) return where + ": event counts must be finite and >= 0";
            }
            for (double[] series : new double[][] {l.spikesPerTimestep(), l.synopsPerTimestep(), l.activeNeuronsPerTimestep()}) {
                if (series == null) return where + ": missing a per-timestep series";
                if (series.length != r.timesteps()) return where + ": a per-timestep series has " + series.length + " values for " + r.timesteps() + " timesteps";
                for (double v : series) if (!Double.isFinite(v) || v < 0) return where + ": per-timestep counts must be finite and >= 0";
            }
        }
        return null;
    }

    /** Enums in lower case, as the documented reports spell them. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static SimpleModule lowerCaseEnums() {
        SimpleModule m = new SimpleModule("lower-case-enums");
        m.addSerializer(Enum.class, new StdSerializer<Enum>(Enum.class) {
            @Override
            public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.name().toLowerCase(Locale.ROOT));
            }
        });
        return m;
    }

    static {
        MAPPER.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
