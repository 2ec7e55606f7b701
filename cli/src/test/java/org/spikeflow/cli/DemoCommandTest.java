package org.spikeflow.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main job on the embedded default: no arguments but an output folder, no download. */
class DemoCommandTest {

    @Test
    @SuppressWarnings("unchecked")
    void demoConvertsSimulatesAndEstimatesTheEmbeddedModel(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("demo");
        Cli r = Cli.run("demo", "--out", out.toString());
        assertEquals(0, r.code, r.toString());
        assertTrue(r.out.contains("timesteps") && r.out.contains("loihi/snn"), r.out);
        for (String f : new String[] {"network.snn", "simulate.json", "energy.json", "report.html", "plots/accuracy_vs_timesteps.png"}) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        Map<String, Object> rep = new ObjectMapper().readValue(out.resolve("simulate.json").toFile(), Map.class);
        assertEquals(500, rep.get("samples"));
        Map<String, Object> acc = (Map<String, Object>) rep.get("accuracy");
        double at16 = ((Number) acc.get("16")).doubleValue();
        double ann = ((Number) rep.get("ann_accuracy")).doubleValue();
        assertTrue(ann > 0.95, "the embedded model is trained: " + ann);
        assertTrue(at16 >= ann - 0.02, "the SNN tracks the ANN by T=16: " + at16 + " vs " + ann);
    }
}
