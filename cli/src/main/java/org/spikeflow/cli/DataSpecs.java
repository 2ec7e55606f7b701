package org.spikeflow.cli;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.IdxReader;
import org.spikeflow.data.ImageFolderReader;
import org.spikeflow.graph.Shape;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Parses dataset specifications: {@code idx:DIR}, {@code folder:DIR}, {@code demo}. */
final class DataSpecs {
    static final String DEMO_IMAGES = "demo/t10k-images-idx3-ubyte.gz";
    static final String DEMO_LABELS = "demo/t10k-labels-idx1-ubyte.gz";

    private DataSpecs() {
    }

    static IdxReader.Split split(String s) {
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "test" -> IdxReader.Split.TEST;
            case "train" -> IdxReader.Split.TRAIN;
            default -> throw new UsageException("--split must be test or train, got '" + s + "'");
        };
    }

    static Dataset load(String spec, String splitName) {
        IdxReader.Split split = split(splitName);
        if (spec.equals("demo")) return demo();
        int colon = spec.indexOf(':');
        if (colon < 0) throw new UsageException("--data must be idx:DIR, folder:DIR or demo, got '" + spec + "'");
        String kind = spec.substring(0, colon);
        Path dir = Paths.get(spec.substring(colon + 1));
        return switch (kind) {
            case "idx" -> IdxReader.load(dir, split);
            case "folder" -> ImageFolderReader.load(dir, 0, 0, false);
            default -> throw new UsageException("--data must be idx:DIR, folder:DIR or demo, got '" + spec + "'");
        };
    }

    /** The embedded demo dataset (a small IDX subset shipped in the jar). */
    static Dataset demo() {
        try (InputStream images = resource(DEMO_IMAGES); InputStream labels = resource(DEMO_LABELS)) {
            Path dir = Files.createTempDirectory("spikeflow-demo");
            try {
                Files.copy(images, dir.resolve("t10k-images-idx3-ubyte.gz"));
                Files.copy(labels, dir.resolve("t10k-labels-idx1-ubyte.gz"));
                Dataset d = IdxReader.load(dir, IdxReader.Split.TEST);
                return new Dataset("demo (embedded MNIST subset)", d.shape(), d.samples(), d.labels(), d.classes());
            } finally {
                try (var s = Files.list(dir)) {
                    for (Path p : s.toList()) Files.deleteIfExists(p);
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new DataException("cannot read the embedded demo dataset: " + e.getMessage(), e);
        }
    }

    static InputStream resource(String name) {
        InputStream in = DataSpecs.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new DataException("embedded resource " + name + " is missing from this build");
        return in;
    }

    static Shape shapeOf(Dataset d) {
        return d.shape();
    }
}
