package org.spikeflow.converter.keras;

import org.spikeflow.converter.ModelException;
import org.spikeflow.graph.Network;

import java.nio.file.Path;

/** Imports Keras models (.h5 full-model files of Keras 2, .keras archives of Keras 3). */
public final class KerasImporter {
    private KerasImporter() {
    }

    public static Network load(Path file) {
        throw new ModelException(file + ": Keras import is not available in this build yet");
    }
}
