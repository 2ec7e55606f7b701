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
    static final String DEMO = "demo/";

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
        if (spec.equals("demo")) return demo(split);
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

    /**
     * The embedded demo dataset: small IDX subsets of MNIST shipped in the jar (500 test images, 1,000
     * training images for calibration; see demo/README.md in the resources).
     */
    static Dataset demo(IdxReader.Split split) {
        String prefix = split == IdxReader.Split.TEST ? "t10k" : "train";
        try (InputStream images = resource(DEMO + prefix + "-images-idx3-ubyte.gz");
             InputStream labels = resource(DEMO + prefix + "-labels-idx1-ubyte.gz")) {
            Path dir = Files.createTempDirectory("spikeflow-demo");
            try {
                Files.copy(images, dir.resolve(prefix + "-images-idx3-ubyte.gz"));
                Files.copy(labels, dir.resolve(prefix + "-labels-idx1-ubyte.gz"));
                Dataset d = IdxReader.load(dir, split);
                return new Dataset("demo (embedded MNIST " + split.name().toLowerCase(java.util.Locale.ROOT) + " subset)",
                    d.shape(), d.samples(), d.labels(), d.classes());
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
