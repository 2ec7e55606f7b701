package org.spikeflow.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.spec.DataSpec;
import org.spikeflow.graph.Shape;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Event-camera files binned into frames as Tonic's ToFrame(n_time_bins=T) does, against hand-binned events. */
class EventFilesTest {

    private static Map<String, byte[]> twoSamples() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        // Sample 0: times 0, 10, 25, 39, 40 -> window floor(40 / 4) = 10 -> bins 0, 1, 2, 3 and the last event in none.
        // Sample 1: times 100, 101 -> window floor(1 / 4) = 0 -> empty frames.
        m.put("x", NpyTest.npy("<i8", "(7,)", false, NpyTest.ints(8, 0, 3, 3, 1, 2, 0, 1)));
        m.put("y", NpyTest.npy("<i8", "(7,)", false, NpyTest.ints(8, 0, 2, 2, 1, 0, 0, 0)));
        m.put("t", NpyTest.npy("<i8", "(7,)", false, NpyTest.ints(8, 0, 10, 25, 39, 40, 100, 101)));
        m.put("p", NpyTest.npy("<i8", "(7,)", false, NpyTest.ints(8, 1, 0, 0, -1, 1, 1, 0)));
        m.put("labels", NpyTest.npy("<i8", "(2,)", false, NpyTest.ints(8, 3, 1)));
        m.put("sensor_size", NpyTest.npy("<i8", "(3,)", false, NpyTest.ints(8, 4, 3, 2)));
        return m;
    }

    @Test
    void eventsFallInTonicsTimeBinsPerPolarityAndPixel(@TempDir Path dir) throws Exception {
        Map<String, byte[]> m = twoSamples();
        m.put("offsets", NpyTest.npy("<i8", "(2,)", false, NpyTest.ints(8, 0, 5)));
        Dataset d = EventFiles.readNpz(NpyTest.npz(dir, "ev.npz", ZipEntry.DEFLATED, m), 4);
        assertEquals(Shape.chw(2, 3, 4), d.shape());
        assertArrayEquals(new int[] {3, 1}, d.labels());
        int frame = 2 * 3 * 4;
        float[] expected = new float[4 * frame];
        expected[0 * frame + (0 * 4 + 0) * 2 + 1] = 1; // t=0  at (x0, y0), on
        expected[1 * frame + (2 * 4 + 3) * 2 + 0] = 1; // t=10 at (x3, y2), off
        expected[2 * frame + (2 * 4 + 3) * 2 + 0] = 1; // t=25 at (x3, y2), off
        expected[3 * frame + (1 * 4 + 1) * 2 + 0] = 1; // t=39 at (x1, y1), polarity -1 read as off
        assertArrayEquals(expected, d.samples()[0]);
        assertArrayEquals(new float[4 * frame], d.samples()[1], "a sample shorter than T time units bins nothing");
    }

    @Test
    void perEventSampleIndicesAndTheFilesOwnBinCountWork(@TempDir Path dir) throws Exception {
        Map<String, byte[]> m = twoSamples();
        m.put("sample", NpyTest.npy("<i8", "(7,)", false, NpyTest.ints(8, 0, 0, 0, 0, 0, 1, 1)));
        m.put("timesteps", NpyTest.npy("<i8", "()", false, NpyTest.ints(8, 2)));
        Dataset d = EventFiles.readNpz(NpyTest.npz(dir, "ev.npz", ZipEntry.STORED, m), 0);
        // T = 2: window 20; bins 0 (t 0, 10), 1 (25, 39), 40 in none.
        float[] s = d.samples()[0];
        int frame = 24;
        float first = 0, second = 0;
        for (int i = 0; i < frame; i++) {
            first += s[i];
            second += s[frame + i];
        }
        assertEquals(2f, first);
        assertEquals(2f, second);
        assertEquals(2, s[frame + (2 * 4 + 3) * 2] + s[(2 * 4 + 3) * 2], 0f, "both events at (3, 2)");
    }

    @Test
    void badEventFilesNameTheFileAndWhatIsWrong(@TempDir Path dir) throws Exception {
        Map<String, byte[]> noP = twoSamples();
        noP.remove("p");
        DataException e = assertThrows(DataException.class, () -> EventFiles.readNpz(NpyTest.npz(dir, "a.npz", ZipEntry.DEFLATED, noP), 4));
        assertTrue(e.getMessage().contains("a.npz") && e.getMessage().contains("'p'"), e.getMessage());
        Map<String, byte[]> outside = twoSamples();
        outside.put("x", NpyTest.npy("<i8", "(7,)", false, NpyTest.ints(8, 0, 9, 3, 1, 2, 0, 1)));
        outside.put("offsets", NpyTest.npy("<i8", "(3,)", false, NpyTest.ints(8, 0, 5, 7)));
        e = assertThrows(DataException.class, () -> EventFiles.readNpz(NpyTest.npz(dir, "b.npz", ZipEntry.DEFLATED, outside), 4));
        assertTrue(e.getMessage().contains("b.npz") && e.getMessage().contains("event 1") && e.getMessage().contains("outside"), e.getMessage());
        Map<String, byte[]> noBounds = twoSamples();
        e = assertThrows(DataException.class, () -> EventFiles.readNpz(NpyTest.npz(dir, "c.npz", ZipEntry.DEFLATED, noBounds), 4));
        assertTrue(e.getMessage().contains("boundaries"), e.getMessage());
        Map<String, byte[]> noBins = twoSamples();
        noBins.put("offsets", NpyTest.npy("<i8", "(2,)", false, NpyTest.ints(8, 0, 5)));
        e = assertThrows(DataException.class, () -> EventFiles.readNpz(NpyTest.npz(dir, "d.npz", ZipEntry.DEFLATED, noBins), 0));
        assertTrue(e.getMessage().contains("@T"), e.getMessage());
    }

    @Test
    void theSpecificationCarriesTheBinCount() {
        DataSpec s = DataSpec.parse("events:/no/such/dvs.npz@16");
        assertEquals(DataSpec.Kind.EVENTS, s.kind());
        assertEquals(16, s.count());
        assertEquals(Path.of("/no/such/dvs.npz"), s.path());
        assertTrue(s.kind().spikeTrains(), "run with the spike-train encoder");
        assertEquals(0, DataSpec.parse("events:/no/such/dvs.npz").count());
        assertThrows(org.spikeflow.data.spec.DataSpecException.class, () -> DataSpec.parse("events:/no/such/dvs.npz@0"));
    }
}
