package org.spikeflow.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Synaptic operations a benchmark performed, reported by JMH per second beside its own score. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class SynopCounters {
    public long synops;

    @Setup(Level.Iteration)
    public void reset() {
        synops = 0;
    }
}
