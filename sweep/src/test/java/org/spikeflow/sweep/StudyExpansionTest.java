package org.spikeflow.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.spikeflow.converter.snn.NormMode;
import org.spikeflow.engine.EncoderKind;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The study format and its expansion into typed configurations (no model or data file is opened here). */
class StudyExpansionTest {
    @TempDir
    Path dir;

    private static final String MODELS = """
        models:
          mnist_cnn: {model: m.onnx, data: idx:mnist}
          fashion_vgg: {model: f.onnx, data: idx:fashion}
        """;

    private Study study(String yaml) throws IOException {
        Path f = dir.resolve("study.yaml");
        Files.writeString(f, yaml);
        return StudyFile.read(f);
    }

    @Test
    void aListOfGridsIsTheUnionOfTheirCartesianProducts() throws IOException {
        Study s = study(MODELS + """
            convert:
              - {norm: percentile, percentile: [99, 99.9], burst: [1, 2]}
              - {norm: channel, percentile: 99, burst: [1, 2]}
            simulate: {timesteps: {from: 1, to: 32}}
            devices: [loihi, spinnaker2, cpu]
            """);
        List<Plan.Point> points = Plan.expand(s);
        assertEquals(12, points.size());
        assertEquals("mnist_cnn norm=percentile percentile=99 burst=1 timesteps=1..32", points.get(0).name());
        assertEquals("fashion_vgg norm=channel percentile=99 burst=2 timesteps=1..32", points.get(11).name());
        ConversionSettings last = points.get(11).conversion();
        assertEquals(NormMode.CHANNEL_PERCENTILE, last.norm());
        assertEquals(99.0, last.percentile());
        assertEquals(2, last.burst());
        assertEquals(5000, last.calibrationLimit(), "snn convert's default calibration limit");
        SimulationSettings sim = points.get(0).simulation();
        assertEquals(32, sim.timesteps().size());
        assertEquals(EncoderKind.ANALOG, sim.encoder());
        assertEquals(List.of("loihi", "spinnaker2", "cpu"), s.devices().stream().map(d -> d.name()).toList());
    }

    @Test
    void annarchysCodesTakeItsMaximumRateAndModelNormalizationNeedsNoCalibration() throws IOException {
        Study s = study(MODELS + """
            convert: {norm: model, output_layer: spiking}
            simulate: {timesteps: 20, encoder: [cpn, ib, pso]}
            """);
        List<Plan.Point> points = Plan.expand(s).stream().filter(p -> p.model().label().equals("mnist_cnn")).toList();
        assertEquals(List.of(EncoderKind.CPN, EncoderKind.IB, EncoderKind.PSO), points.stream().map(p -> p.simulation().encoder()).toList());
        for (Plan.Point p : points) {
            assertEquals(100f, p.simulation().maxRateHz(), "ANNarchy's max_f");
            assertEquals(NormMode.MODEL, p.conversion().norm());
            assertNull(p.conversion().calibrationSplit(), "model-based normalization reads no data");
        }
        assertEquals(42L, points.get(0).simulation().seed(), "cpn is seeded");
        assertNull(points.get(1).simulation().seed(), "ib is deterministic");
        StudyException e = assertThrows(StudyException.class, () -> Plan.expand(study(MODELS + "simulate: {readout: time-to-first-spike}\n")));
        assertTrue(e.getMessage().contains("readout"), e.getMessage());
    }

    @Test
    void rangesGiveArithmeticAndGeometricSequences() throws IOException {
        Study s = study(MODELS + """
            convert: {percentile: {from: 99, to: 99.9, step: 0.3}}
            simulate: {timesteps: [{from: 1, to: 32, times: 2}, 12]}
            """);
        List<Plan.Point> points = Plan.expand(s);
        assertEquals(List.of(99.0, 99.3, 99.6, 99.9), points.stream().filter(p -> p.model().label().equals("mnist_cnn"))
            .map(p -> p.conversion().percentile()).toList());
        assertEquals(List.of(1, 2, 4, 8, 12, 16, 32), points.get(0).simulation().timesteps(), "a set of checkpoints, sorted");
    }

    @Test
    void relativePathsAreResolvedAgainstTheStudyFile() throws IOException {
        Study s = study(MODELS);
        ModelSpec m = s.models().get(0);
        assertEquals(dir.resolve("m.onnx").toString(), m.file());
        assertEquals("idx:" + dir.resolve("mnist"), m.data());
        assertEquals(m.data(), m.calibration(), "calibration defaults to the evaluation data");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "convert: {norm: percentile, percentile: [99, 150]}|configuration 'mnist_cnn norm=percentile percentile=150'|convert.percentile: must be in (0, 100], got 150",
        "convert: {burst: [1, two]}|configuration 'mnist_cnn burst=two'|convert.burst: expected an integer, got 'two'",
        "convert: {norm: median}|configuration 'mnist_cnn norm=median'|expected one of none, max, percentile, channel-percentile",
        "convert: {v0: 1.0}|configuration 'mnist_cnn v0=1.0'|convert.v0: must be in [0, 1), got 1.0",
        "convert: [{norm: max}, {calibration_limit: -1}]|configuration 'mnist_cnn calibration_limit=-1'|convert[1].calibration_limit: must be >= 0 (0 = all), got -1",
        "simulate: {timesteps: [0, 8]}|configuration 'mnist_cnn timesteps=[0,8]'|simulate.timesteps: every timestep must be >= 1, got 0",
        "simulate: {encoder: poisson, max_rate_hz: -5}|configuration 'mnist_cnn encoder=poisson max_rate_hz=-5'|simulate.max_rate_hz: must be a positive number, got -5.0",
        "simulate: {encoder: receptive-field}|configuration 'mnist_cnn encoder=receptive-field'|got 'receptive-field'",
        "simulate: {engine: gpu}|configuration 'mnist_cnn engine=gpu'|simulate.engine: expected one of event, dense, got 'gpu'",
    })
    void aBadValueFailsAtExpansionNamingItsConfigurationAndTheValue(String section, String configuration, String problem) throws IOException {
        Study s = study(MODELS + section + "\n");
        StudyException e = assertThrows(StudyException.class, () -> Plan.expand(s));
        assertTrue(e.getMessage().contains(configuration), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith(dir.resolve("study.yaml").toString()), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "convert: {burts: 2}|convert: unknown key 'burts' (known: burst, calibration_limit",
        "devices: [loihi, tpu]|devices[1]: unknown device (known: cpu, gpu, arm, loihi, spinnaker, spinnaker2, loihi-sanafe, asic45nm), got 'tpu'",
        "data: {limit: -5}|data.limit: must be >= 0, got -5",
        "data: {limit: 10, first: 10}|data: limit and first cannot be combined",
        "data: {shard_size: 0}|data.shard_size: must be >= 1, got 0",
        "simulate: {timesteps: {from: 8, to: 1}}|simulate.timesteps: 'from' must not exceed 'to'",
        "convert: {percentile: []}|convert.percentile: an empty list gives no configurations",
        "samples: 5|unknown key 'samples'",
    })
    void aBadKeyOrSectionFailsNamingWhereItIs(String section, String problem) throws IOException {
        StudyException e = assertThrows(StudyException.class, () -> Plan.expand(study(MODELS + section + "\n")));
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void aModelWithoutDataIsRefusedNamingIt() {
        StudyException e = assertThrows(StudyException.class, () -> study("models:\n  m: {model: m.onnx}\n"));
        assertTrue(e.getMessage().contains("models.m: 'data' (the evaluation data) is required"), e.getMessage());
    }

    @Test
    void invalidYamlNamesTheLine() {
        StudyException e = assertThrows(StudyException.class, () -> study(MODELS + "convert: {norm: [max\n"));
        assertTrue(e.getMessage().contains("not valid YAML at line"), e.getMessage());
    }

    @Test
    void settingsAModeIgnoresAreDroppedSoTheyDoNotMakeNewConfigurations() throws IOException {
        Study s = study(MODELS + """
            convert: {norm: [max, percentile], percentile: [99, 99.9]}
            simulate: {encoder: analog, seed: [1, 2]}
            """);
        List<Plan.Point> points = Plan.expand(s).stream().filter(p -> p.model().label().equals("mnist_cnn")).toList();
        assertNull(points.get(0).conversion().percentile(), "max ignores the percentile");
        assertNull(points.get(0).simulation().seed(), "the analog encoder ignores the seed");
        String cal = Plan.calibrationKey("sha", s.data(), points.get(0).model(), points.get(0).conversion());
        long conversions = points.stream().map(p -> Plan.conversionKey(cal, p.conversion())).distinct().count();
        assertEquals(3, conversions, "max once, percentile 99 and 99.9");
        DataRequest eval = DataRequest.evaluation(points.get(0).model(), s.data());
        long configurations = points.stream().map(p -> Plan.configurationKey(Plan.conversionKey(cal, p.conversion()), eval, 250, p.simulation()))
            .distinct().count();
        assertEquals(3, configurations);
    }

    @Test
    void everyResultRelevantSettingChangesTheKeys() throws IOException {
        Study s = study(MODELS + """
            convert: {calibration_limit: [100, 200], burst: [1, 2]}
            simulate: [{encoder: poisson, seed: [1, 2]}, {timesteps: [4, 8]}, {timesteps: [4, 8, 16]}]
            """);
        List<Plan.Point> points = Plan.expand(s).stream().filter(p -> p.model().label().equals("mnist_cnn")).toList();
        long calibrations = points.stream().map(p -> Plan.calibrationKey("sha", s.data(), p.model(), p.conversion())).distinct().count();
        assertEquals(2, calibrations, "one calibration per calibration set, shared by both bursts");
        DataRequest eval = DataRequest.evaluation(points.get(0).model(), s.data());
        long configurations = points.stream().map(p -> Plan.configurationKey(
            Plan.conversionKey(Plan.calibrationKey("sha", s.data(), p.model(), p.conversion()), p.conversion()), eval, 250, p.simulation()))
            .distinct().count();
        assertEquals(points.size(), configurations);
        String cal = Plan.calibrationKey("sha", s.data(), points.get(0).model(), points.get(0).conversion());
        assertNotEquals(cal, Plan.calibrationKey("other model bytes", s.data(), points.get(0).model(), points.get(0).conversion()));
    }
}
