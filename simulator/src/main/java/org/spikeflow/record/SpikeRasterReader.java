package org.spikeflow.record;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.spikeflow.data.DataException;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a recorded spike queue back: as raster rows, or as CSV {@code sample,timestep,layer,neuron,count}. A recording
 * cut short (the process killed mid-run) is read up to its last complete timestep: the first (sample, timestep) that
 * some but not all populations recorded, and everything after it, is left out, as is a document the writer did not
 * finish.
 */
public final class SpikeRasterReader {
    /** One neuron's spikes at one timestep. */
    public record Row(int sample, int timestep, String layer, int neuron, int count) {
    }

    /**
     * The rows of the complete timesteps, in (sample, timestep, layer, neuron) order; {@code truncated} when the
     * recording ended inside a timestep, which is then the first one left out ({@code firstIncompleteSample},
     * {@code firstIncompleteTimestep}; -1 when complete).
     */
    public record Recording(List<Row> rows, boolean truncated, int firstIncompleteSample, int firstIncompleteTimestep) {
    }

    private SpikeRasterReader() {
    }

    /** The rows of the complete timesteps (see {@link #readRecording}). */
    public static List<Row> read(Path dir) {
        return readRecording(dir).rows();
    }

    public static Recording readRecording(Path dir) {
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": not a spike recording directory");
        List<Row> rows = new ArrayList<>();
        List<String> names = null;
        Map<Long, Integer> reported = new HashMap<>();
        try (ChronicleQueue q = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).readOnly(true).build();
             ExcerptTailer t = q.createTailer()) {
            while (true) {
                try (DocumentContext dc = t.readingDocument()) {
                    if (!dc.isPresent()) break;
                    Bytes<?> b = dc.wire().bytes();
                    if (b.readRemaining() < 4) break;
                    int type = b.readInt();
                    if (type == ChronicleSpikeRecorder.HEADER) {
                        b.readUtf8();
                        int n = b.readInt();
                        if (n < 0 || n > b.readRemaining()) throw new DataException(dir + ": corrupt recording header");
                        names = new ArrayList<>(n);
                        for (int i = 0; i < n; i++) names.add(b.readUtf8());
                    } else if (type == ChronicleSpikeRecorder.SPIKES) {
                        if (names == null) throw new DataException(dir + ": recording has no header");
                        int sample = b.readInt(), step = b.readInt(), pop = b.readInt(), n = b.readInt();
                        if (pop < 0 || pop >= names.size() || n < 0 || 8L * n > b.readRemaining()) {
                            throw new DataException(dir + ": corrupt spike document (sample " + sample + ", timestep " + step + ")");
                        }
                        for (int e = 0; e < n; e++) rows.add(new Row(sample, step, names.get(pop), b.readInt(), b.readInt()));
                        reported.merge(key(sample, step), 1, Integer::sum);
                    } else {
                        throw new DataException(dir + ": unknown document type " + type);
                    }
                }
            }
        } catch (DataException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DataException(dir + ": not a readable spike recording (" + e.getClass().getSimpleName() + ")", e);
        }
        // the first (sample, timestep) that not every population reported ends the complete part
        long cut = Long.MAX_VALUE;
        if (names != null) {
            for (var e : reported.entrySet()) if (e.getValue() < names.size() && e.getKey() < cut) cut = e.getKey();
        }
        final long limit = cut;
        if (cut != Long.MAX_VALUE) rows.removeIf(r -> key(r.sample(), r.timestep()) >= limit);
        // Threads append concurrently; present the raster in a stable order.
        rows.sort(Comparator.comparingInt(Row::sample).thenComparingInt(Row::timestep).thenComparing(Row::layer)
            .thenComparingInt(Row::neuron));
        return cut == Long.MAX_VALUE ? new Recording(rows, false, -1, -1)
            : new Recording(rows, true, (int) (cut >>> 32), (int) cut);
    }

    private static long key(int sample, int timestep) {
        return ((long) sample << 32) | (timestep & 0xffffffffL);
    }

    public static void writeCsv(List<Row> rows, Writer out) throws IOException {
        out.write("sample,timestep,layer,neuron,count\n");
        for (Row r : rows) {
            out.write(r.sample() + "," + r.timestep() + "," + r.layer() + "," + r.neuron() + "," + r.count() + "\n");
        }
        out.flush();
    }
}
