package org.spikeflow.record;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.wire.DocumentContext;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every spike to a Chronicle Queue: a header document (network and population names), then one
 * binary document per (sample, timestep, population) with its spiking neurons and their spike counts (also when
 * none spiked, so that a recording cut short shows which timesteps are complete).
 * Engine threads each write through their own appender (created on first use); the recorder only reads the
 * arrays the engine hands it, so recording cannot change results.
 */
public final class ChronicleSpikeRecorder implements SpikeListener, AutoCloseable {
    static final int HEADER = 1;
    static final int SPIKES = 2;

    private final ChronicleQueue queue;
    private final ThreadLocal<ExcerptAppender> appender;
    private final List<ExcerptAppender> appenders = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    public ChronicleSpikeRecorder(Path dir, Network net) {
        this.queue = ChronicleQueue.singleBuilder(dir).rollCycle(RollCycles.FAST_DAILY).build();
        this.appender = ThreadLocal.withInitial(() -> {
            ExcerptAppender a = queue.createAppender();
            appenders.add(a);
            return a;
        });
        try (DocumentContext dc = appender.get().writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeInt(HEADER);
            b.writeUtf8(net.name());
            b.writeInt(net.populations().size());
            for (Population p : net.populations()) b.writeUtf8(p.name());
        }
    }

    @Override
    public void onSpikes(int sample, int timestep, int populationId, int[] neuronIndex, int[] spikeCount, int n) {
        // a document for every (sample, timestep, population), also without spikes: a reader of a recording cut short
        // (the process killed) knows which timesteps every population completed
        try (DocumentContext dc = appender.get().writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeInt(SPIKES);
            b.writeInt(sample);
            b.writeInt(timestep);
            b.writeInt(populationId);
            b.writeInt(n);
            for (int e = 0; e < n; e++) {
                b.writeInt(neuronIndex[e]);
                b.writeInt(spikeCount[e]);
            }
        }
    }

    /** Closes the appenders and the queue; engines call this after the last sample. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (ExcerptAppender a : appenders) a.close();
        queue.close();
    }
}
