package org.spikeflow.record;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Reads a recorded spike queue back: as raster rows, or as CSV {@code sample,timestep,layer,neuron,count}. */
public final class SpikeRasterReader {
    /** One neuron's spikes at one timestep. */
    public record Row(int sample, int timestep, String layer, int neuron, int count) {
    }

    private SpikeRasterReader() {
    }

    public static List<Row> read(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException(dir + ": not a spike recording directory");
        List<Row> rows = new ArrayList<>();
        List<String> names = null;
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).readOnly(true).build();
             ExcerptTailer t = q.createTailer()) {
            while (true) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) break;
                    Bytes<?> b = dc.wire().bytes();
                    int type = b.readInt();
                    if (type == ChronicleSpikeRecorder.HEADER) {
                        b.readUtf8();
                        int n = b.readInt();
                        names = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) names.add(b.readUtf8());
                    } else if (type == ChronicleSpikeRecorder.SPIKES) {
                        if (names == null) throw new IllegalArgumentException(dir + ": recording has no header");
                        int sample = b.readInt(), step = b.readInt(), pop = b.readInt(), n = b.readInt();
                        for (int e = 0; e < n; e++) rows.add(new Row(sample, step, names.get(pop), b.readInt(), b.readInt()));
                    } else {
                        throw new IllegalArgumentException(dir + ": unknown document type " + type);
                    }
                }
            }
        }
        // Threads append concurrently; present the raster in a stable order.
        rows.sort(Comparator.comparingInt(Row::sample).thenComparingInt(Row::timestep).thenComparing(Row::layer)
            .thenComparingInt(Row::neuron));
        return rows;
    }

    public static void writeCsv(List<Row> rows, Writer out) throws IOException {
        out.write("sample,timestep,layer,neuron,count\n");
        for (Row r : rows) {
            out.write(r.sample() + "," + r.timestep() + "," + r.layer() + "," + r.neuron() + "," + r.count() + "\n");
        }
        out.flush();
    }
}
