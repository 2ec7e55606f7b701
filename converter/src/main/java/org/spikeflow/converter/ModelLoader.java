package org.spikeflow.converter;

import org.spikeflow.converter.onnx.OnnxImporter;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.io.NetworkFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a model or network file by its extension (and, for networks, its header). */
public final class ModelLoader {
    private ModelLoader() {
    }

    public enum Kind { ONNX, KERAS_H5, KERAS_V3, NETWORK, NIR }

    public static Kind kind(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".onnx")) return Kind.ONNX;
        if (n.endsWith(".h5") || n.endsWith(".hdf5")) return Kind.KERAS_H5;
        if (n.endsWith(".keras")) return Kind.KERAS_V3;
        if (n.endsWith(".snn")) return Kind.NETWORK;
        if (n.endsWith(".nir")) return Kind.NIR;
        if (!Files.exists(file)) throw new ModelException(file + ": no such file");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(8);
            if (head.length >= 4 && head[0] == 'S' && head[1] == 'N' && head[2] == 'N' && head[3] == 'F') return Kind.NETWORK;
            if (head.length >= 8 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F') return Kind.KERAS_H5;
            if (head.length >= 2 && head[0] == 'P' && head[1] == 'K') return Kind.KERAS_V3;
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e.getMessage(), e);
        }
        throw new ModelException(file + ": unknown model format (expected .onnx, .h5, .keras, .nir or .snn)");
    }

    /**
     * Loads a model or network. ANN models come back in ANN form; .snn files as stored; NIR graphs as spiking networks
     * at the NIR paper's timestep with forward Euler ({@link org.spikeflow.converter.nir.NirImporter} for other settings).
     */
    public static Network load(Path file) {
        if (!Files.exists(file)) throw new ModelException(file + ": no such file");
        return switch (kind(file)) {
            case ONNX -> OnnxImporter.load(file);
            case KERAS_H5, KERAS_V3 -> org.spikeflow.converter.keras.KerasImporter.load(file);
            case NETWORK -> NetworkFile.read(file);
            case NIR -> org.spikeflow.converter.nir.NirImporter.load(file, org.spikeflow.converter.nir.NirImporter.Options.defaults());
        };
    }

    public static boolean isNetworkFile(Path file) {
        try {
            return kind(file) == Kind.NETWORK;
        } catch (ModelException e) {
            return false;
        }
    }
}
