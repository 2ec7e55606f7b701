package org.spikeflow.engine;

import org.spikeflow.engine.dense.DenseEngine;
import org.spikeflow.engine.event.EventEngine;

/** Factory for the engines. */
public final class Engines {
    private Engines() {
    }

    /** Fails unless the samples fit the network's input population (spike trains: whole timesteps of it). */
    public static void checkInput(org.spikeflow.graph.Network net, org.spikeflow.data.Dataset data, SimulationConfig cfg) {
        if (cfg.encoder() == EncoderKind.SPIKE_TRAIN) {
            if (data.size() > 0 && data.samples()[0].length % net.input().size() != 0) {
                throw new IllegalArgumentException("spike trains of " + data.samples()[0].length + " values are not whole timesteps of the "
                    + net.input().size() + " neurons of input population '" + net.input().name() + "'");
            }
            return;
        }
        checkInput(net, data);
    }

    /** Fails unless the samples fit the network's input population. */
    public static void checkInput(org.spikeflow.graph.Network net, org.spikeflow.data.Dataset data) {
        if (data.size() > 0 && data.samples()[0].length != net.input().size()) {
            throw new IllegalArgumentException("input population '" + net.input().name() + "' has " + net.input().size()
                + " neurons but samples have " + data.samples()[0].length + " values");
        }
    }

    public static Engine create(EngineKind kind) {
        return switch (kind) {
            case EVENT -> new EventEngine();
            case DENSE -> new DenseEngine();
        };
    }
}
