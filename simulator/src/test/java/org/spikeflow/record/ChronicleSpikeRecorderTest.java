package org.spikeflow.record;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.bench.SyntheticNetworks;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.graph.Network;

import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChronicleSpikeRecorderTest {

    private static SimulationConfig config(SpikeListener l) {
        return SimulationConfig.builder().timesteps(10).checkpoints(5, 10).encoder(EncoderKind.POISSON).seed(3)
            .threads(2).listener(l).build();
    }

    @Test
    void recordingChangesNothingAndReadsBackEverySpike(@TempDir Path dir) throws Exception {
        Network net = SyntheticNetworks.conv(8, 4, 2, 5);
        Dataset data = SyntheticNetworks.inputs(net, 4, 0.3, 6);
        SimulationResult plain = Engines.create(EngineKind.EVENT).run(net, data, config(null));

        List<SpikeRasterReader.Row> memory = java.util.Collections.synchronizedList(new ArrayList<>());
        SpikeListener inMemory = (s, t, p, idx, cnt, n) -> {
            for (int e = 0; e < n; e++) memory.add(new SpikeRasterReader.Row(s, t, net.populations().get(p).name(), idx[e], cnt[e]));
        };
        ChronicleSpikeRecorder recorder = new ChronicleSpikeRecorder(dir.resolve("spikes"), net);
        SimulationResult recorded;
        try (recorder) {
            recorded = Engines.create(EngineKind.EVENT).run(net, data, config((s, t, p, idx, cnt, n) -> {
                recorder.onSpikes(s, t, p, idx, cnt, n);
                inMemory.onSpikes(s, t, p, idx, cnt, n);
            }));
        }
        for (int s = 0; s < data.size(); s++) assertArrayEquals(plain.predictions()[s], recorded.predictions()[s]);
        for (var p : net.populations()) {
            assertArrayEquals(plain.counters(p.id()).spikes, recorded.counters(p.id()).spikes, p.name());
        }
        List<SpikeRasterReader.Row> read = SpikeRasterReader.read(dir.resolve("spikes"));
        List<SpikeRasterReader.Row> expected = new ArrayList<>(memory);
        expected.sort(Comparator.comparingInt(SpikeRasterReader.Row::sample).thenComparingInt(SpikeRasterReader.Row::timestep)
            .thenComparing(SpikeRasterReader.Row::layer).thenComparingInt(SpikeRasterReader.Row::neuron));
        assertTrue(read.size() > 100, "a real amount of spikes was recorded: " + read.size());
        assertEquals(expected, read);
        StringWriter csv = new StringWriter();
        SpikeRasterReader.writeCsv(read, csv);
        String[] lines = csv.toString().split("\n");
        assertEquals("sample,timestep,layer,neuron,count", lines[0]);
        assertEquals(read.size() + 1, lines.length);
    }
}
