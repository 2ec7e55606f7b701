package org.spikeflow.training;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Shape;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains an ANN with SameDiff (ND4J's autodiff graph): seeded initialization and shuffling, the chosen
 * optimizer with L2 weight decay, early stopping and halving of the learning rate on a validation plateau. The
 * validation accuracy is measured on the exported ONNX model by the project's own forward pass, so the model
 * that is saved is the model that was validated.
 */
public final class Trainer {
    private Trainer() {
    }

    /** A learning rate that the plateau logic can lower while the updater holds on to the schedule. */
    static final class MutableRate implements ISchedule {
        private static final long serialVersionUID = 1L;
        volatile double value;

        MutableRate(double v) {
            value = v;
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return value;
        }

        @Override
        public ISchedule clone() {
            return this;
        }
    }

    /** Initial learned ceiling of QCFS activations. */
    static final float QCFS_INITIAL_CEILING = 4f;

    public static TrainedModel train(String name, TrainingConfig cfg, Dataset train, Dataset validation, TrainingListener listener) {
        return train(name, cfg, org.spikeflow.training.data.Augmentation.NONE, train, validation, listener);
    }

    /** Trains with seeded augmentation of every training batch (validation data is never augmented). */
    public static TrainedModel train(String name, TrainingConfig cfg, org.spikeflow.training.data.Augmentation augmentation,
                                     Dataset train, Dataset validation, TrainingListener listener) {
        return train(name, cfg, augmentation, null, train, validation, listener);
    }

    /**
     * Trains starting from {@code init}'s layers and parameters when it is not null (continued training, e.g. a
     * second run at a lower learning rate): {@code cfg.arch()} is then ignored, dropout is put back before the
     * last dense layer when {@code cfg.dropout() > 0}, and QCFS ceilings start from the model's own.
     *
     * @throws IllegalArgumentException when {@code init} does not take the data's input shape or classes
     */
    public static TrainedModel train(String name, TrainingConfig cfg, org.spikeflow.training.data.Augmentation augmentation,
                                     TrainedModel init, Dataset train, Dataset validation, TrainingListener listener) {
        Nd4j.getRandom().setSeed(cfg.seed());
        Shape s = train.shape();
        final boolean seg = train.segmentation();
        int classes = seg ? train.masks().classes() : train.classes();
        if (init != null) checkFits(init, train);
        if (seg && augmentation.enabled()) {
            throw new IllegalArgumentException("augmentation of segmentation data is not supported (it would have to move the masks too)");
        }
        List<LayerDef> plan = init == null
            ? LayerDef.plan(cfg.arch(), s.channels(), s.height(), s.width(), classes, cfg.dropout() > 0, cfg.globalPool(), cfg.headBias(),
                cfg.maxPool())
            : LayerDef.retrain(init.layers(), cfg.dropout() > 0);
        // QCFS ceilings start from the model's own, else from where the starting network's activations reach.
        final List<Float> starts = cfg.qcfsLevels() > 0 && (init == null || init.caps().isEmpty())
            ? activationCeilings(s, classes, plan, init, cfg, train) : null;
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        List<SDVariable> lambdas = new ArrayList<>();
        NetGraph g = new NetGraph(s, classes, plan, init, rng, cfg.dropout(), (sd, x, index, shape) -> {
            if (cfg.qcfsLevels() <= 0) return sd.nn().relu(x, 0);
            // QCFS: lambda * clip(floor(x L / lambda + 1/2) / L, 0, 1), floor passed straight through.
            float start = starts == null ? init.caps().get(index) : starts.get(index);
            SDVariable lambda = sd.var("lambda" + index, Nd4j.scalar(DataType.FLOAT, start));
            lambdas.add(lambda);
            int levels = cfg.qcfsLevels();
            SDVariable inner = x.mul(levels).div(lambda).add(0.5);
            SDVariable rounded = inner.add(new org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient(sd,
                sd.math().floor(inner).sub(inner)).outputVariable());
            return sd.math().clipByValue(rounded.div(levels), 0, 1).mul(lambda);
        });
        SameDiff sd = g.sd;
        List<SDVariable> ws = g.weights;
        List<SDVariable> bs = g.biases;
        SDVariable label = sd.getVariable("label");
        // Segmentation: every pixel is a sample of the cross-entropy, [N, C, H, W] -> [N * H * W, C] in (n, y, x) order.
        SDVariable logits = seg ? sd.reshape(sd.permute(g.logits, 0, 2, 3, 1), -1, classes) : g.logits;
        if (seg != LayerDef.perPixel(plan)) {
            throw new IllegalArgumentException(seg ? "segmentation data needs a per-pixel architecture (unet), not " + cfg.arch().name().toLowerCase(java.util.Locale.ROOT)
                : "the unet's per-pixel output needs segmentation data (seg:DIR), " + train.name() + " has no masks");
        }
        if (cfg.biasL1() > 0 && bs.stream().anyMatch(java.util.Objects::nonNull)) {
            SDVariable ce = sd.loss().softmaxCrossEntropy("ce", label, logits, null);
            SDVariable l1 = null;
            for (SDVariable b : bs) {
                if (b == null) continue;
                SDVariable t = sd.math().abs(b).sum();
                l1 = l1 == null ? t : l1.add(t);
            }
            ce.add("loss", l1.mul(cfg.biasL1()));
        } else {
            sd.loss().softmaxCrossEntropy("loss", label, logits, null);
        }
        sd.setLossVariables("loss");
        MutableRate rate = new MutableRate(cfg.learningRate());
        IUpdater updater = switch (cfg.optimizer()) {
            case ADAM -> new Adam(rate);
            case RMSPROP -> new RmsProp(rate);
            case SGD -> new Sgd(rate);
        };
        sd.setTrainingConfig(new org.nd4j.autodiff.samediff.TrainingConfig.Builder().updater(updater).l2(cfg.kernelL2())
            .dataSetFeatureMapping(features(g)).dataSetLabelMapping("label").build());
        NetGraph.createGradients(sd);
        SplittableRandom dropRng = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + 17);

        int n = train.size();
        int batches = (n + cfg.batchSize() - 1) / cfg.batchSize();
        double best = -1;
        TrainedModel bestModel = null;
        Plateau plateau = new Plateau(cfg.patience());
        int epochsRun = 0;
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            int[] order = org.spikeflow.data.spec.Splits.permutation(n, new SplittableRandom(cfg.seed() * 31 + epoch));
            double lossSum = 0;
            int lossCount = 0;
            for (int bi = 0; bi < batches; bi++) {
                int from = bi * cfg.batchSize(), to = Math.min(n, from + cfg.batchSize());
                DataSet batch = augmentation.enabled()
                    ? batch(augmented(train, order, from, to, augmentation, new SplittableRandom(cfg.seed() * 7919 + epoch * 100_003L + bi)), classes)
                    : batch(train, order, from, to, classes);
                org.nd4j.linalg.dataset.MultiDataSet md = withMasks(batch, g.dropoutMasks((int) batch.getFeatures().size(0), cfg.dropout(), dropRng));
                sd.fit(md);
                if (bi % 25 == 0 || bi == batches - 1) {
                    // Forward-only loss on this batch, sampled to keep the cost of reporting small.
                    double loss = lastLoss(sd, g, md);
                    lossSum += loss;
                    lossCount++;
                    if (listener != null) listener.batch(epoch, bi + 1, batches, loss);
                } else if (listener != null) {
                    listener.batch(epoch, bi + 1, batches, Double.NaN);
                }
                OffHeap.close(md);
                OffHeap.afterBatch(bi);
            }
            epochsRun = epoch;
            TrainedModel m = snapshot(name, train, plan, ws, bs, lambdas, best, epoch);
            double acc = validation == null || validation.size() == 0 ? Double.NaN : score(m, validation);
            if (listener != null) listener.epoch(epoch, lossSum / Math.max(1, lossCount), acc, rate.value);
            if (Double.isNaN(acc)) {
                bestModel = snapshot(name, train, plan, ws, bs, lambdas, acc, epoch);
                if (listener != null) listener.best(bestModel);
                continue;
            }
            Plateau.Decision d = plateau.after(acc);
            if (d == Plateau.Decision.IMPROVED) {
                best = acc;
                bestModel = snapshot(name, train, plan, ws, bs, lambdas, acc, epoch);
                if (listener != null) listener.best(bestModel);
            } else if (d == Plateau.Decision.STOP) {
                break;
            } else if (d == Plateau.Decision.HALVE_RATE) {
                rate.value /= 2;
            }
        }
        return bestModel == null ? snapshot(name, train, plan, ws, bs, lambdas, best, epochsRun) : bestModel;
    }

    /** Samples of the training data whose activations set the first QCFS ceilings. */
    static final int CEILING_SAMPLES = 64;
    /** Percentile of a layer's positive activations its first QCFS ceiling takes. */
    static final double CEILING_PERCENTILE = 99.9;

    /**
     * The first QCFS ceiling of every ReLU: the {@link #CEILING_PERCENTILE}th percentile of its positive activations
     * over the first {@link #CEILING_SAMPLES} training samples, computed by the starting network (the seeded random
     * initialization, or {@code init}'s parameters) with plain ReLUs, so the quantization steps start where the
     * activations are ({@link #QCFS_INITIAL_CEILING} for a layer that never activates). A fixed start leaves small
     * activations below the first step, and a deep network (a UNet's twelve ReLUs) then passes no signal at all.
     */
    static List<Float> activationCeilings(Shape s, int classes, List<LayerDef> plan, TrainedModel init, TrainingConfig cfg,
                                          Dataset train) {
        List<String> outputs = new ArrayList<>();
        NetGraph probe = new NetGraph(s, classes, plan, init, new SplittableRandom(cfg.seed()), cfg.dropout(), (sd, x, index, shape) -> {
            SDVariable y = sd.nn().relu(x, 0);
            outputs.add(y.name());
            return y;
        });
        int[] order = new int[Math.min(CEILING_SAMPLES, train.size())];
        for (int i = 0; i < order.length; i++) order[i] = i;
        DataSet batch = batch(train, order, 0, order.length, classes);
        java.util.Map<String, INDArray> feed = new java.util.HashMap<>();
        feed.put("input", batch.getFeatures());
        String[] names = features(probe);
        INDArray[] masks = probe.dropoutMasks(order.length, 0, null);
        for (int i = 1; i < names.length; i++) feed.put(names[i], masks[i - 1]);
        java.util.Map<String, INDArray> acts = probe.sd.output(feed, outputs.toArray(String[]::new));
        List<Float> ceilings = new ArrayList<>();
        for (String name : outputs) {
            float[] v = acts.get(name).dup().data().asFloat();
            int n = 0;
            for (float a : v) if (a > 0) v[n++] = a;
            if (n == 0) {
                ceilings.add(QCFS_INITIAL_CEILING);
                continue;
            }
            java.util.Arrays.sort(v, 0, n);
            ceilings.add(v[(int) Math.min(n - 1, Math.floor(CEILING_PERCENTILE / 100 * n))]);
        }
        return ceilings;
    }

    /**
     * Refuses a model that does not take {@code data}'s images and classes.
     *
     * @throws IllegalArgumentException naming both shapes
     */
    public static void checkFits(TrainedModel m, Dataset data) {
        Shape s = data.shape();
        if (m.channels() != s.channels() || m.height() != s.height() || m.width() != s.width() || m.classes() != data.classes()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                "%s takes %dx%dx%d inputs and %d classes, %s has %dx%dx%d and %d", m.name(), m.channels(), m.height(),
                m.width(), m.classes(), data.name(), s.channels(), s.height(), s.width(), data.classes()));
        }
    }

    /** Loss of the current parameters on a batch (cheap relative to the fit step: forward only). */
    private static double lastLoss(SameDiff sd, NetGraph g, org.nd4j.linalg.dataset.MultiDataSet batch) {
        java.util.Map<String, INDArray> ph = new java.util.HashMap<>();
        String[] names = features(g);
        for (int k = 0; k < names.length; k++) ph.put(names[k], batch.getFeatures(k));
        ph.put("label", batch.getLabels(0));
        return sd.outputSingle(ph, "loss").getDouble(0);
    }

    /** Placeholders fed per batch: the input, then the dropout masks. */
    static String[] features(NetGraph g) {
        String[] f = new String[1 + g.dropoutWidths.size()];
        f[0] = "input";
        for (int i = 1; i < f.length; i++) f[i] = "dropmask" + (i - 1);
        return f;
    }

    static org.nd4j.linalg.dataset.MultiDataSet withMasks(DataSet batch, INDArray[] masks) {
        INDArray[] f = new INDArray[1 + masks.length];
        f[0] = batch.getFeatures();
        System.arraycopy(masks, 0, f, 1, masks.length);
        return new org.nd4j.linalg.dataset.MultiDataSet(f, new INDArray[] {batch.getLabels()});
    }

    /** The batch's samples, augmented, as a small dataset in batch order. */
    static Dataset augmented(Dataset d, int[] order, int from, int to, org.spikeflow.training.data.Augmentation a, SplittableRandom r) {
        float[][] x = new float[to - from][];
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            x[i - from] = a.apply(d.samples()[order[i]], d.shape(), r);
            y[i - from] = d.labels()[order[i]];
        }
        return new Dataset(d.name(), d.shape(), x, y, d.classes());
    }

    static DataSet batch(Dataset d, int classes) {
        int[] identity = new int[d.size()];
        for (int i = 0; i < identity.length; i++) identity[i] = i;
        return batch(d, identity, 0, d.size(), classes);
    }

    static DataSet batch(Dataset d, int[] order, int from, int to, int classes) {
        if (d.segmentation()) return pixelBatch(d, order, from, to, classes);
        Shape s = d.shape();
        int m = to - from, size = s.size();
        float[] f = new float[m * size];
        float[] y = new float[m * classes];
        for (int i = 0; i < m; i++) {
            float[] chw = Dataset.toChw(d.samples()[order[from + i]], s);
            System.arraycopy(chw, 0, f, i * size, size);
            y[i * classes + d.labels()[order[from + i]]] = 1f;
        }
        return new DataSet(Nd4j.create(f, new long[] {m, s.channels(), s.height(), s.width()}, 'c'),
            Nd4j.create(y, new long[] {m, classes}, 'c'));
    }

    /** Images {@code [m, C, H, W]} and one-hot pixel classes {@code [m * H * W, classes]}, pixels in (sample, y, x) order. */
    static DataSet pixelBatch(Dataset d, int[] order, int from, int to, int classes) {
        Shape s = d.shape();
        int m = to - from, size = s.size(), pixels = s.height() * s.width();
        float[] f = new float[m * size];
        float[] y = new float[m * pixels * classes];
        for (int i = 0; i < m; i++) {
            float[] chw = Dataset.toChw(d.samples()[order[from + i]], s);
            System.arraycopy(chw, 0, f, i * size, size);
            byte[] mask = d.masks().labels()[order[from + i]];
            for (int q = 0; q < pixels; q++) {
                int c = mask[q] & 0xff;
                if (c >= classes) throw new IllegalArgumentException(d.name() + ": pixel class " + c + " outside the " + classes + " classes");
                y[(i * pixels + q) * classes + c] = 1f;
            }
        }
        return new DataSet(Nd4j.create(f, new long[] {m, s.channels(), s.height(), s.width()}, 'c'),
            Nd4j.create(y, new long[] {(long) m * pixels, classes}, 'c'));
    }

    /** Current parameters in export layout: conv OIHW, dense [in][out]. */
    static TrainedModel snapshot(String name, Dataset train, List<LayerDef> plan, List<SDVariable> ws, List<SDVariable> bs,
                                 List<SDVariable> lambdas, double acc, int epochs) {
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        int p = 0;
        for (LayerDef l : plan) {
            if (!l.hasParameters()) continue;
            float[] raw = ws.get(p).getArr().dup('c').data().asFloat();
            if (l.kind() == LayerDef.Kind.CONV) raw = NetGraph.oihw(raw, l);
            if (l.kind() == LayerDef.Kind.UP_CONV) raw = NetGraph.iohw(raw, l);
            weights.add(raw);
            biases.add(bs.get(p) == null ? null : bs.get(p).getArr().dup('c').data().asFloat());
            p++;
        }
        Shape s = train.shape();
        List<Float> caps = new ArrayList<>();
        for (SDVariable l : lambdas) caps.add(Math.abs(l.getArr().getFloat(0)));
        int classes = train.segmentation() ? train.masks().classes() : train.classes();
        return new TrainedModel(name, s.channels(), s.height(), s.width(), classes, plan, weights, biases, acc, epochs, caps);
    }

    /** The validation score: mean IoU on segmentation data, else accuracy. */
    public static double score(TrainedModel m, Dataset data) {
        return data.segmentation() ? segmentation(m, data).meanIou() : accuracy(m, data);
    }

    /**
     * Per-pixel scores of the exported model on segmentation data, run by the project's own forward pass (the
     * argmax over the output channels, as {@code snn evaluate} scores an imported model), the samples divided among
     * the available processors (the counts, and so the scores, do not depend on how).
     */
    public static org.spikeflow.report.SegmentationScores segmentation(TrainedModel m, Dataset data) {
        Network net = NetworkBuilder.of(m);
        Shape out = net.output().shape();
        int channels = out.channels(), pixels = out.height() * out.width();
        if (!data.segmentation() || data.size() > 0 && data.masks().labels()[0].length != pixels) {
            throw new IllegalArgumentException(data.name() + " has no masks of " + pixels + " pixels for the output " + out);
        }
        int classes = org.spikeflow.engine.PixelConfusion.classesFor(channels, data.masks());
        int threads = Math.max(1, Math.min(data.size(), Runtime.getRuntime().availableProcessors()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<org.spikeflow.engine.PixelConfusion>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int from = data.size() * t / threads, to = data.size() * (t + 1) / threads;
                parts.add(pool.submit(() -> {
                    AnalogForward f = new AnalogForward(net);
                    org.spikeflow.engine.PixelConfusion c = new org.spikeflow.engine.PixelConfusion(classes);
                    byte[] predicted = new byte[pixels];
                    for (int i = from; i < to; i++) {
                        org.spikeflow.engine.PixelConfusion.classesOf(f.run(data.samples()[i])[net.output().id()], channels, predicted);
                        c.add(data.masks().labels()[i], predicted);
                    }
                    return c;
                }));
            }
            org.spikeflow.engine.PixelConfusion all = new org.spikeflow.engine.PixelConfusion(classes);
            for (var p : parts) all.add(p.get());
            return all.scores();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while scoring " + data.name(), e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Accuracy of the exported model, run by the project's own forward pass. */
    public static double accuracy(TrainedModel m, Dataset data) {
        Network net = NetworkBuilder.of(m);
        AnalogForward f = new AnalogForward(net);
        int ok = 0;
        for (int i = 0; i < data.size(); i++) if (AnalogForward.argmax(f.logits(data.samples()[i])) == data.labels()[i]) ok++;
        return ok / (double) data.size();
    }
}
