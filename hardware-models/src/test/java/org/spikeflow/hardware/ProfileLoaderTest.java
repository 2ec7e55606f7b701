package org.spikeflow.hardware;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProfileLoaderTest {

    private static Path write(Path dir, String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void readsYamlWithUnits(@TempDir Path dir) throws Exception {
        Path f = write(dir, "chip.yaml", """
            devices:
              - name: mychip
                spiking: true
                energy_per_synop: 10 pJ
                energy_per_neuron_update: 0.05 nJ
                neuron_updates: active
                static_power: 20 mW
                time_per_timestep: 10 us
                source: datasheet rev B
            """);
        DeviceProfile p = ProfileLoader.load(f).get(0);
        assertEquals(10e-12, p.energyPerSynopJ(), 1e-24);
        assertEquals(50e-12, p.energyPerNeuronUpdateJ(), 1e-24);
        assertEquals(NeuronUpdateMode.ACTIVE, p.neuronUpdates());
        assertEquals(0.02, p.staticPowerW(), 1e-12);
        assertEquals(1e-5, p.timePerTimestepS(), 1e-15);
    }

    @Test
    void readsJsonToo(@TempDir Path dir) throws Exception {
        Path f = write(dir, "cpu.json", "{\"name\": \"mycpu\", \"spiking\": false, \"energy_per_op\": 1.5e-9}");
        List<DeviceProfile> p = ProfileLoader.load(f);
        assertEquals(1.5e-9, p.get(0).energyPerOpJ(), 1e-21);
    }

    @Test
    void rejectsNegativeEnergyNamingTheField(@TempDir Path dir) throws Exception {
        Path f = write(dir, "bad.yaml", "name: x\nspiking: true\nenergy_per_synop: -3 pJ\n");
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(f));
        assertTrue(e.getMessage().contains("energy_per_synop") && e.getMessage().contains("bad.yaml"), e.getMessage());
    }

    @Test
    void rejectsMissingField(@TempDir Path dir) throws Exception {
        Path f = write(dir, "bad.yaml", "name: x\nspiking: true\nenergy_per_neuron_update: 3 pJ\n");
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(f));
        assertTrue(e.getMessage().contains("missing field 'energy_per_synop'"), e.getMessage());
    }

    @Test
    void rejectsUnknownUnit(@TempDir Path dir) throws Exception {
        Path f = write(dir, "bad.yaml", "name: x\nspiking: true\nenergy_per_synop: 3 pW\n");
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(f));
        assertTrue(e.getMessage().contains("unknown energy unit 'pW'"), e.getMessage());
    }

    @Test
    void rejectsUnknownField(@TempDir Path dir) throws Exception {
        Path f = write(dir, "bad.yaml", "name: x\nspiking: true\nenergy_per_synop: 3 pJ\nenergy_per_synapse: 1 pJ\n");
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.load(f));
        assertTrue(e.getMessage().contains("unknown field 'energy_per_synapse'"), e.getMessage());
    }
}
