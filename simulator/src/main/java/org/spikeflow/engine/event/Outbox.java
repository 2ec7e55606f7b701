package org.spikeflow.engine.event;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

/**
 * One population's output ring and the timestep being published to it: the spikes of a timestep go out as
 * blocks, read by every population the source projects to (each through its own poller). Publishing never
 * blocks: when the ring is full, {@link #drain()} returns false and resumes where it stopped on the next call,
 * so producers and consumers can share a thread without deadlock.
 */
final class Outbox {
    private final RingBuffer<SpikeBlock> ring;
    private final int blockCapacity;
    final int[] index;
    final int[] count;
    final float[] value;
    int size;
    private long tick;
    private int position;
    private boolean pending;

    Outbox(RingBuffer<SpikeBlock> ring, int capacity, int blockCapacity) {
        this.ring = ring;
        this.blockCapacity = blockCapacity;
        this.index = new int[capacity];
        this.count = new int[capacity];
        this.value = new float[capacity];
    }

    /** Starts publishing the {@code size} entries now in the arrays, for global timestep {@code tick}. */
    void begin(long tick) {
        this.tick = tick;
        this.position = 0;
        this.pending = ring != null;
    }

    boolean pending() {
        return pending;
    }

    /** The global timestep being published (valid while {@link #pending()}). */
    long tick() {
        return tick;
    }

    /**
     * Gives up the rest of the timestep being published: it lies past an early stop, so every reader drops it (and
     * a reader that has finished the run would never free the ring for it).
     */
    void abandon() {
        pending = false;
    }

    /** Publishes as much as the ring takes; true when the whole timestep (its last block included) is out. */
    boolean drain() {
        while (pending) {
            final long seq;
            try {
                seq = ring.tryNext();
            } catch (InsufficientCapacityException e) {
                return false;
            }
            final SpikeBlock b = ring.get(seq);
            final int n = Math.min(blockCapacity, size - position);
            System.arraycopy(index, position, b.index, 0, n);
            System.arraycopy(value, position, b.value, 0, n);
            long spikes = 0;
            for (int e = position; e < position + n; e++) spikes += count[e];
            b.tick = tick;
            b.n = n;
            b.spikes = spikes;
            position += n;
            b.last = position == size;
            ring.publish(seq);
            if (b.last) pending = false;
        }
        return true;
    }
}
