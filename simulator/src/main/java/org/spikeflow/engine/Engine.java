package org.spikeflow.engine;

import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Network;

/** Executes a network on a dataset. Implementations hold no state between runs. */
public interface Engine {
    EngineKind kind();

    SimulationResult run(Network network, Dataset data, SimulationConfig config);
}
