package org.spikeflow.graph.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.bench.SyntheticNetworks;
import org.spikeflow.graph.Network;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkFileTest {

    @Test
    void roundTripPreservesEverySpike(@TempDir Path dir) throws Exception {
        Network net = SyntheticNetworks.conv(8, 4, 2, 3);
        Path f = dir.resolve("net.snn");
        NetworkFile.write(net, f);
        Network back = NetworkFile.read(f);
        assertArrayEquals(NetworkFile.toBytes(net), NetworkFile.toBytes(back));
        Dataset d = SyntheticNetworks.inputs(net, 3, 0.2, 1);
        SimulationConfig cfg = SimulationConfig.builder().timesteps(6).encoder(EncoderKind.ANALOG).build();
        SimulationResult a = Engines.create(EngineKind.DENSE).run(net, d, cfg);
        SimulationResult b = Engines.create(EngineKind.DENSE).run(back, d, cfg);
        assertEquals(a.totalSpikes(), b.totalSpikes());
        assertTrue(a.totalSpikes() > 0);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temp file left behind");
        }
    }

    @Test
    void truncatedFileIsReportedAsTruncated(@TempDir Path dir) throws Exception {
        Network net = SyntheticNetworks.dense(10, 8, 1, 3);
        byte[] bytes = NetworkFile.toBytes(net);
        Path f = dir.resolve("cut.snn");
        Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
        NetworkFileException e = assertThrows(NetworkFileException.class, () -> NetworkFile.read(f));
        assertTrue(e.getMessage().contains("cut.snn") && e.getMessage().contains("truncated or corrupt"), e.getMessage());
    }

    @Test
    void foreignFileIsRejectedByItsHeader(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("model.onnx");
        Files.writeString(f, "this is not a network");
        NetworkFileException e = assertThrows(NetworkFileException.class, () -> NetworkFile.read(f));
        assertTrue(e.getMessage().contains("not a Spikeflow network file"), e.getMessage());
    }

    @Test
    void missingFileIsNamed(@TempDir Path dir) {
        NetworkFileException e = assertThrows(NetworkFileException.class, () -> NetworkFile.read(dir.resolve("nope.snn")));
        assertTrue(e.getMessage().contains("nope.snn"), e.getMessage());
    }
}
