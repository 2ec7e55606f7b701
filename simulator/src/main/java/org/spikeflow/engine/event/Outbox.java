package org.spikeflow.engine.event;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

/**
 * One producer's spikes of one timestep, published to each target ring followed by an end-of-timestep
 * marker. Publishing never blocks: when a ring is full, {@link #drain()} returns false and resumes where it
 * stopped on the next call, so producers and consumers can share a thread without deadlock.
 */
final class Outbox {
    private final int source;
    private final RingBuffer<SpikeEvent>[] targets;
    final int[] index;
    final int[] count;
    final float[] value;
    int size;
    private long tick;
    private int target;
    private int position;
    private boolean pending;

    @SuppressWarnings("unchecked")
    Outbox(int source, RingBuffer<SpikeEvent>[] targets, int capacity) {
        this.source = source;
        this.targets = targets;
        this.index = new int[capacity];
        this.count = new int[capacity];
        this.value = new float[capacity];
    }

    /** Starts publishing the {@code size} entries now in the arrays, for global timestep {@code tick}. */
    void begin(long tick) {
        this.tick = tick;
        this.target = 0;
        this.position = 0;
        this.pending = targets.length > 0;
    }

    boolean pending() {
        return pending;
    }

    /** Publishes as much as the rings take; true when everything (markers included) is out. */
    boolean drain() {
        while (pending) {
            final RingBuffer<SpikeEvent> rb = targets[target];
            final int remaining = size + 1 - position;
            final int batch = (int) Math.min(remaining, Math.min(rb.remainingCapacity(), rb.getBufferSize() >> 1));
            if (batch <= 0) {
                return false;
            }
            final long hi;
            try {
                hi = rb.tryNext(batch);
            } catch (InsufficientCapacityException e) {
                return false;
            }
            final long lo = hi - batch + 1;
            for (long seq = lo; seq <= hi; seq++) {
                final SpikeEvent e = rb.get(seq);
                e.source = source;
                e.tick = tick;
                if (position < size) {
                    e.index = index[position];
                    e.count = count[position];
                    e.value = value[position];
                } else {
                    e.index = SpikeEvent.MARKER;
                    e.count = 0;
                    e.value = 0f;
                }
                position++;
            }
            rb.publish(lo, hi);
            if (position == size + 1) {
                target++;
                position = 0;
                if (target == targets.length) pending = false;
            }
        }
        return true;
    }
}
