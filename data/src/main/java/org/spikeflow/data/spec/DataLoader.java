package org.spikeflow.data.spec;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.data.io.IdxReader;
import org.spikeflow.data.io.ImageFolderReader;
import org.spikeflow.data.io.SegmentationFiles;
import org.spikeflow.data.io.SpikeTrainFiles;
import org.spikeflow.data.transform.InputTransform;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Loads the part of a dataset a command asked for: reads the specification, divides it by the
 * {@link SplitPolicy}, applies the {@link Selection}, then the input transform. This is the one place every
 * command gets its samples from, so {@code --split validation} of a folder dataset is the same images in
 * {@code train}, {@code simulate} and {@code evaluate}.
 */
public final class DataLoader {
    private DataLoader() {
    }

    /** The request of one command: which part, which samples, which transform. */
    public record Request(Split split, SplitPolicy policy, Selection selection, InputTransform transform) {
        public static Request of(Split split) {
            return new Request(split, SplitPolicy.DEFAULT, Selection.ALL, InputTransform.NONE);
        }

        public Request withSelection(Selection s) {
            return new Request(split, policy, s, transform);
        }

        public Request withSplit(Split s) {
            return new Request(s, policy, selection, transform);
        }
    }

    public static Dataset load(String spec, Request r) {
        return load(DataSpec.parse(spec), r);
    }

    public static Dataset load(DataSpec spec, Request r) {
        if (r.transform() != InputTransform.NONE && spec.kind().spikeTrains()) {
            throw new DataSpecException("transform", "applies to images, not to the recorded spike trains of " + spec);
        }
        Dataset part = part(spec, r.split(), r.policy());
        if (part.size() == 0) {
            throw new DataException(part.name() + ": no samples (the " + lower(r.split()) + " part of " + spec + " is empty)");
        }
        return r.transform().apply(r.selection().apply(part));
    }

    /** The whole part, before selection and transform. */
    public static Dataset part(DataSpec spec, Split split, SplitPolicy policy) {
        if (spec.kind() == DataSpec.Kind.RANDOM) return random(spec, split);
        boolean separate = spec.kind() == DataSpec.Kind.SEG ? SegmentationFiles.hasTestFile(spec.path()) : spec.kind().hasTestFile();
        if (separate) {
            if (split == Split.TEST) return file(spec, "t10k");
            Dataset train = file(spec, "train");
            int[][] parts = Splits.stratified(train.labels(), train.classes(), new double[] {1 - policy.validation(), policy.validation()}, policy.seed());
            return named(Splits.pick(train, parts[split == Split.TRAIN ? 0 : 1]), spec + " (" + lower(split) + ")");
        }
        Dataset all = whole(spec);
        int[][] parts = Splits.stratified(all.labels(), all.classes(),
            new double[] {1 - policy.validation() - policy.test(), policy.validation(), policy.test()}, policy.seed());
        return named(Splits.pick(all, parts[split.ordinal()]), spec + " (" + lower(split) + ")");
    }

    /** One file pair ({@code train} or {@code t10k}) of a dataset that has separate files. */
    public static Dataset file(DataSpec spec, String prefix) {
        if (spec.kind() == DataSpec.Kind.DEMO) return demo(prefix);
        if (spec.kind() == DataSpec.Kind.SEG) return SegmentationFiles.readPart(spec.path(), prefix);
        Path dir = spec.path();
        if (!Files.isDirectory(dir)) throw new DataException(dir + ": not a directory of IDX files");
        return IdxReader.read(IdxReader.find(dir, prefix + "-images-idx3-ubyte"), IdxReader.find(dir, prefix + "-labels-idx1-ubyte"),
            "idx:" + dir + " (" + prefix + " file)");
    }

    /** Every sample of a dataset that comes in one piece (folder:, npz:, npy:), before any division. */
    public static Dataset whole(DataSpec spec) {
        return switch (spec.kind()) {
            case FOLDER -> ImageFolderReader.load(spec.path(), spec.height(), spec.width(), spec.grey());
            case NPZ -> SpikeTrainFiles.readNpz(spec.path());
            case EVENTS -> org.spikeflow.data.io.EventFiles.readNpz(spec.path(), spec.count());
            case NPY -> SpikeTrainFiles.readNpyFolder(spec.path());
            case RANDOM -> random(spec, Split.TEST);
            case SEG -> SegmentationFiles.readWhole(spec.path());
            case IDX, DEMO -> throw new IllegalStateException(spec + " has separate files");
        };
    }

    /**
     * Uniform random images in [0, 1) with random labels of 10 classes: every part (train, validation, test) is
     * N images of its own, drawn from a stream seeded by the specification and the part, so the same
     * specification gives the same images and calibration images are never the ones simulated.
     */
    static Dataset random(DataSpec spec, Split split) {
        final int n = spec.count();
        final int size = spec.channels() * spec.height() * spec.width();
        final java.util.SplittableRandom r = new java.util.SplittableRandom((0x5EEDL ^ spec.text().hashCode()) * 31 + split.ordinal());
        final float[][] x = new float[n][size];
        final int[] labels = new int[n];
        for (int s = 0; s < n; s++) {
            for (int i = 0; i < size; i++) x[s][i] = (float) r.nextDouble();
            labels[s] = r.nextInt(10);
        }
        return new Dataset(spec + " (" + lower(split) + ")", org.spikeflow.graph.Shape.chw(spec.channels(), spec.height(), spec.width()), x, labels, 10);
    }

    /** Resource folder of the embedded demo subsets of MNIST (see README.md there). */
    static final String DEMO = "org/spikeflow/data/demo/";

    /** One file pair of the embedded demo data: {@code train} (1,000 images) or {@code t10k} (500 images). */
    public static Dataset demo(String prefix) {
        try (InputStream images = resource(DEMO + prefix + "-images-idx3-ubyte.gz");
             InputStream labels = resource(DEMO + prefix + "-labels-idx1-ubyte.gz")) {
            Path dir = Files.createTempDirectory("spikeflow-demo");
            try {
                Path i = dir.resolve(prefix + "-images-idx3-ubyte.gz");
                Path l = dir.resolve(prefix + "-labels-idx1-ubyte.gz");
                Files.copy(images, i);
                Files.copy(labels, l);
                return IdxReader.read(i, l, "demo (embedded MNIST " + (prefix.equals("t10k") ? "test" : "training") + " subset)");
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

    private static InputStream resource(String name) {
        InputStream in = DataLoader.class.getClassLoader().getResourceAsStream(name);
        if (in == null) throw new DataException("embedded resource " + name + " is missing from this build");
        return in;
    }

    private static Dataset named(Dataset d, String name) {
        return d.with(name, d.samples());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
