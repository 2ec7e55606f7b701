package org.spikeflow.engine;

import org.spikeflow.engine.dense.DenseEngine;
import org.spikeflow.engine.event.EventEngine;

/** Factory for the engines. */
public final class Engines {
    private Engines() {
    }

    public static Engine create(EngineKind kind) {
        return switch (kind) {
            case EVENT -> new EventEngine();
            case DENSE -> new DenseEngine();
        };
    }
}
