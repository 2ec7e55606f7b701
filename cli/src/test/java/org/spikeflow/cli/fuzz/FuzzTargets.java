package org.spikeflow.cli.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import org.spikeflow.cli.Main;
import org.spikeflow.converter.keras.KerasImporter;
import org.spikeflow.converter.onnx.OnnxImporter;
import org.spikeflow.data.io.IdxReader;
import org.spikeflow.data.io.ImageFolderReader;
import org.spikeflow.data.io.Npy;
import org.spikeflow.graph.io.NetworkFile;
import org.spikeflow.hardware.ProfileLoader;
import org.spikeflow.io.InvalidInputException;
import org.spikeflow.report.ReportJson;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzz targets: whatever the bytes, a reader returns or throws the project's {@link InvalidInputException} naming
 * the file (any other throwable is a finding), and a command exits 0, 2 or 3 without a stack trace.
 */
final class FuzzTargets {
    private static Path dir;

    private FuzzTargets() {
    }

    private static synchronized Path dir() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("spikeflow-fuzz");
            dir.toFile().deleteOnExit();
        }
        return dir;
    }

    /** Runs {@code reader} on {@code bytes} written as {@code name}; only the project's input exception may escape. */
    static void read(byte[] bytes, String name, Consumer<Path> reader) {
        Path f;
        try {
            f = dir().resolve(name);
            Files.write(f, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            reader.accept(f);
        } catch (InvalidInputException expected) {
            assertTrue(expected.getMessage() != null && expected.getMessage().contains(name), "names the file: " + expected.getMessage());
        }
        try {
            Files.deleteIfExists(f);
        } catch (IOException ignored) {
            // temp file
        }
    }

    static void onnx(byte[] b) {
        read(b, "model.onnx", OnnxImporter::load);
    }

    static void kerasHdf5(byte[] b) {
        read(b, "model.h5", KerasImporter::load);
    }

    static void kerasArchive(byte[] b) {
        read(b, "model.keras", KerasImporter::load);
    }

    static void networkFile(byte[] b) {
        // the checksum is rewritten so that mutations reach the parser and the graph checks behind it
        read(Mutators.fixSnnChecksum(b.clone()), "net.snn", NetworkFile::read);
    }

    static void idxImages(byte[] b) {
        read(b, "t10k-images-idx3-ubyte", IdxReader::readImages);
    }

    static void idxLabels(byte[] b) {
        read(b, "t10k-labels-idx1-ubyte", IdxReader::readLabels);
    }

    static void npz(byte[] b) {
        read(b, "golden.npz", Npy::readNpz);
    }

    static void npy(byte[] b) {
        read(b, "sample.npy", Npy::readNpy);
    }

    static void image(byte[] b) {
        read(b, "image.tiff", ImageFolderReader::readImage);
    }

    static void profile(byte[] b) {
        read(b, "profile.yaml", ProfileLoader::load);
    }

    static void report(byte[] b) {
        read(b, "report.json", ReportJson::readSimulation);
    }

    private static final String[] MODEL_NAMES = {"in.onnx", "in.h5", "in.keras", "in.snn", "in.json"};

    /** A file of fuzzed bytes given to {@code inspect} or {@code energy}: exit 0, 2 or 3, never a trace. */
    static void command(FuzzedDataProvider data) throws IOException {
        String name = MODEL_NAMES[data.consumeInt(0, MODEL_NAMES.length - 1)];
        boolean energy = data.consumeBoolean();
        Path f = dir().resolve(name);
        Files.write(f, data.consumeRemainingAsBytes());
        try {
            assertCommandRefusesCleanly(energy ? new String[] {"energy", f.toString()} : new String[] {"inspect", f.toString()});
        } finally {
            Files.deleteIfExists(f);
        }
    }

    static void assertCommandRefusesCleanly(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(new StringWriter()), new PrintWriter(err, true), args);
        assertTrue(code == 0 || code == 2 || code == 3, "exit " + code + " for snn " + String.join(" ", args) + ": " + err);
        assertFalse(err.toString().contains("\tat "), "no stack trace without --verbose: " + err);
    }
}
