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
import org.spikeflow.converter.onnx.OnnxImporter;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Shape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains an ANN with SameDiff (ND4J's autodiff graph): seeded initialization and shuffling, the chosen
 * optimizer with L2 on weights, early stopping and halving of the learning rate on a validation plateau. The
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

    /** Splits a dataset into (train, validation) with a seeded shuffle. */
    /** Initial learned ceiling of QCFS activations. */
    static final float QCFS_INITIAL_CEILING = 4f;

    public static Dataset[] split(Dataset d, double validationFraction, long seed) {
        int[] idx = org.spikeflow.training.data.Splits.permutation(d.size(), new SplittableRandom(seed ^ 0x5DEECE66DL));
        int nVal = (int) Math.round(d.size() * validationFraction);
        float[][] tx = new float[d.size() - nVal][], vx = new float[nVal][];
        int[] ty = new int[d.size() - nVal], vy = new int[nVal];
        for (int i = 0; i < idx.length; i++) {
            if (i < nVal) {
                vx[i] = d.samples()[idx[i]];
                vy[i] = d.labels()[idx[i]];
            } else {
                tx[i - nVal] = d.samples()[idx[i]];
                ty[i - nVal] = d.labels()[idx[i]];
            }
        }
        return new Dataset[] {new Dataset(d.name() + " (train part)", d.shape(), tx, ty, d.classes()),
            new Dataset(d.name() + " (validation part)", d.shape(), vx, vy, d.classes())};
    }

    public static TrainedModel train(String name, TrainingConfig cfg, Dataset train, Dataset validation, TrainingListener listener) {
        return train(name, cfg, org.spikeflow.training.data.Augmentation.NONE, train, validation, listener);
    }

    /** Trains with seeded augmentation of every training batch (validation data is never augmented). */
    public static TrainedModel train(String name, TrainingConfig cfg, org.spikeflow.training.data.Augmentation augmentation,
                                     Dataset train, Dataset validation, TrainingListener listener) {
        Nd4j.getRandom().setSeed(cfg.seed());
        Shape s = train.shape();
        int classes = train.classes();
        List<LayerDef> plan = LayerDef.plan(cfg.arch(), s.channels(), s.height(), s.width(), classes, cfg.dropout() > 0);
        SplittableRandom rng = new SplittableRandom(cfg.seed());
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("input", DataType.FLOAT, -1, s.channels(), s.height(), s.width());
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, classes);
        List<SDVariable> ws = new ArrayList<>();
        List<SDVariable> bs = new ArrayList<>();
        List<SDVariable> lambdas = new ArrayList<>();
        int p = 0;
        int c = s.channels(), h = s.height(), w = s.width();
        for (LayerDef l : plan) {
            switch (l.kind()) {
                case CONV -> {
                    int fanIn = l.in() * l.kernel() * l.kernel();
                    SDVariable wv = sd.var("w" + p, Nd4j.create(he(rng, l.kernel() * l.kernel() * l.in() * l.out(), fanIn),
                        new long[] {l.kernel(), l.kernel(), l.in(), l.out()}, 'c'));
                    SDVariable bv = l.bias() ? sd.var("b" + p, Nd4j.zeros(DataType.FLOAT, l.out())) : null;
                    Conv2DConfig cc = Conv2DConfig.builder().kH(l.kernel()).kW(l.kernel()).sH(1).sW(1).pH(l.pad()).pW(l.pad())
                        .dH(1).dW(1).dataFormat("NCHW").build();
                    x = bv == null ? sd.cnn().conv2d("conv" + p, x, wv, cc) : sd.cnn().conv2d("conv" + p, x, wv, bv, cc);
                    ws.add(wv);
                    bs.add(bv);
                    c = l.out();
                    p++;
                }
                case DENSE -> {
                    SDVariable wv = sd.var("w" + p, Nd4j.create(he(rng, l.in() * l.out(), l.in()), new long[] {l.in(), l.out()}, 'c'));
                    SDVariable bv = l.bias() ? sd.var("b" + p, Nd4j.zeros(DataType.FLOAT, 1, l.out())) : null;
                    x = x.mmul(wv);
                    if (bv != null) x = x.add(bv);
                    ws.add(wv);
                    bs.add(bv);
                    p++;
                }
                case RELU -> {
                    if (cfg.qcfsLevels() > 0) {
                        // QCFS: lambda * clip(floor(x L / lambda + 1/2) / L, 0, 1), floor passed straight through.
                        SDVariable lambda = sd.var("lambda" + lambdas.size(), Nd4j.scalar(DataType.FLOAT, QCFS_INITIAL_CEILING));
                        lambdas.add(lambda);
                        int levels = cfg.qcfsLevels();
                        SDVariable inner = x.mul(levels).div(lambda).add(0.5);
                        SDVariable rounded = inner.add(new org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient(sd,
                            sd.math().floor(inner).sub(inner)).outputVariable());
                        x = sd.math().clipByValue(rounded.div(levels), 0, 1).mul(lambda);
                    } else {
                        x = sd.nn().relu(x, 0);
                    }
                }
                case AVG_POOL -> {
                    x = sd.cnn().avgPooling2d(x, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(false)
                        .type(Pooling2D.Pooling2DType.AVG).build());
                    h /= 2;
                    w /= 2;
                }
                case FLATTEN -> x = sd.reshape(x, -1, (long) c * h * w);
                case DROPOUT -> x = sd.nn().dropout(x, 1 - cfg.dropout());
            }
        }
        SDVariable logits = x.rename("logits");
        sd.loss().softmaxCrossEntropy("loss", label, logits, null);
        sd.setLossVariables("loss");
        MutableRate rate = new MutableRate(cfg.learningRate());
        IUpdater updater = switch (cfg.optimizer()) {
            case ADAM -> new Adam(rate);
            case RMSPROP -> new RmsProp(rate);
            case SGD -> new Sgd(rate);
        };
        sd.setTrainingConfig(new org.nd4j.autodiff.samediff.TrainingConfig.Builder().updater(updater).l2(cfg.kernelL2())
            .dataSetFeatureMapping("input").dataSetLabelMapping("label").build());

        int n = train.size();
        int batches = (n + cfg.batchSize() - 1) / cfg.batchSize();
        double best = -1;
        TrainedModel bestModel = null;
        int sinceBest = 0;
        int epochsRun = 0;
        for (int epoch = 1; epoch <= cfg.epochs(); epoch++) {
            int[] order = org.spikeflow.training.data.Splits.permutation(n, new SplittableRandom(cfg.seed() * 31 + epoch));
            double lossSum = 0;
            int lossCount = 0;
            for (int bi = 0; bi < batches; bi++) {
                int from = bi * cfg.batchSize(), to = Math.min(n, from + cfg.batchSize());
                DataSet batch = augmentation.enabled()
                    ? batch(augmented(train, order, from, to, augmentation, new SplittableRandom(cfg.seed() * 7919 + epoch * 100_003L + bi)), classes)
                    : batch(train, order, from, to, classes);
                sd.fit(batch);
                if (bi % 25 == 0 || bi == batches - 1) {
                    // Forward-only loss on this batch, sampled to keep the cost of reporting small.
                    double loss = lastLoss(sd, batch);
                    lossSum += loss;
                    lossCount++;
                    if (listener != null) listener.batch(epoch, bi + 1, batches, loss);
                } else if (listener != null) {
                    listener.batch(epoch, bi + 1, batches, Double.NaN);
                }
            }
            epochsRun = epoch;
            TrainedModel m = snapshot(name, train, plan, ws, bs, lambdas, best, epoch);
            double acc = validation == null || validation.size() == 0 ? Double.NaN : accuracy(m, validation);
            if (listener != null) listener.epoch(epoch, lossSum / Math.max(1, lossCount), acc, rate.value);
            if (Double.isNaN(acc) || acc > best) {
                best = Double.isNaN(acc) ? best : acc;
                bestModel = snapshot(name, train, plan, ws, bs, lambdas, acc, epoch);
                sinceBest = 0;
            } else {
                sinceBest++;
                if (sinceBest >= cfg.patience()) break;
                if (sinceBest >= Math.max(1, cfg.patience() / 2)) rate.value /= 2;
            }
        }
        return bestModel == null ? snapshot(name, train, plan, ws, bs, lambdas, best, epochsRun) : bestModel;
    }

    /** Loss of the current parameters on a batch (cheap relative to the fit step: forward only). */
    private static double lastLoss(SameDiff sd, DataSet batch) {
        java.util.Map<String, INDArray> ph = new java.util.HashMap<>();
        ph.put("input", batch.getFeatures());
        ph.put("label", batch.getLabels());
        return sd.outputSingle(ph, "loss").getDouble(0);
    }

    private static float[] he(SplittableRandom r, int n, int fanIn) {
        float[] w = new float[n];
        double std = Math.sqrt(2.0 / fanIn);
        for (int i = 0; i < n; i++) {
            double u1 = Math.max(1e-12, r.nextDouble()), u2 = r.nextDouble();
            w[i] = (float) (std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
        }
        return w;
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

    /** Current parameters in export layout: conv OIHW, dense [in][out]. */
    static TrainedModel snapshot(String name, Dataset train, List<LayerDef> plan, List<SDVariable> ws, List<SDVariable> bs,
                                 List<SDVariable> lambdas, double acc, int epochs) {
        List<float[]> weights = new ArrayList<>();
        List<float[]> biases = new ArrayList<>();
        int p = 0;
        for (LayerDef l : plan) {
            if (l.kind() != LayerDef.Kind.CONV && l.kind() != LayerDef.Kind.DENSE) continue;
            float[] raw = ws.get(p).getArr().dup('c').data().asFloat();
            if (l.kind() == LayerDef.Kind.CONV) {
                int k = l.kernel();
                float[] oihw = new float[raw.length];
                for (int ky = 0; ky < k; ky++)
                    for (int kx = 0; kx < k; kx++)
                        for (int ci = 0; ci < l.in(); ci++)
                            for (int co = 0; co < l.out(); co++)
                                oihw[((co * l.in() + ci) * k + ky) * k + kx] = raw[((ky * k + kx) * l.in() + ci) * l.out() + co];
                raw = oihw;
            }
            weights.add(raw);
            biases.add(bs.get(p) == null ? null : bs.get(p).getArr().dup('c').data().asFloat());
            p++;
        }
        Shape s = train.shape();
        List<Float> caps = new ArrayList<>();
        for (SDVariable l : lambdas) caps.add(Math.abs(l.getArr().getFloat(0)));
        return new TrainedModel(name, s.channels(), s.height(), s.width(), train.classes(), plan, weights, biases, acc, epochs, caps);
    }

    /** Accuracy of the exported model, run by the project's own forward pass. */
    public static double accuracy(TrainedModel m, Dataset data) {
        Network net = toNetwork(m);
        AnalogForward f = new AnalogForward(net);
        int ok = 0;
        for (int i = 0; i < data.size(); i++) if (AnalogForward.argmax(f.logits(data.samples()[i])) == data.labels()[i]) ok++;
        return ok / (double) data.size();
    }

    static Network toNetwork(TrainedModel m) {
        try {
            Path tmp = Files.createTempFile("spikeflow-train", ".onnx");
            try {
                OnnxExport.write(m, tmp);
                return OnnxImporter.load(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot export the model for validation: " + e.getMessage(), e);
        }
    }
}
