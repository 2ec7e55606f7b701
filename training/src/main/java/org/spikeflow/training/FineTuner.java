package org.spikeflow.training;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.spikeflow.converter.snn.ActivationStatistics;
import org.spikeflow.converter.snn.FoldAveragePooling;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.data.spec.Splits;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Spiking-aware fine-tuning. Every batch runs forward through the spiking network itself ({@link SpikingForward}:
 * the model converted with its ceilings as thresholds and simulated for T timesteps by the event-driven engine),
 * and backward through the rate: each ReLU layer computes
 * <pre>  a = clip(z, 0, lambda) + stopGradient(lambda * r - clip(z, 0, lambda))</pre>
 * whose value is the layer's simulated rate {@code r} (spikes per step) times its ceiling {@code lambda}, and whose
 * gradient is that of the clipped ReLU (straight-through). Every layer's pre-activation {@code z} is computed from
 * the previous layer's spiking output, so the loss is the spiking network's loss. An L2 penalty pulls firing rates
 * (in Hz, for the epoch's {@code dt}) into the {@code [lower, upper]} band. The ceilings (the thresholds of the
 * converted network) stay fixed: the model's own (QCFS or an earlier fine-tuning) or the given percentile of the
 * ANN's activations. The result is saved with those ceilings as Clip(0, lambda) activations, so that
 * {@code snn convert --norm cap} rebuilds exactly the network that was fine-tuned.
 */
public final class FineTuner {
    /** Samples of the output population's (irrelevant to the winning class) scale in every conversion. */
    private static final int OUTPUT_CALIBRATION = 8;
    /** Samples of the ceilings of a model without any. */
    private static final int CEILING_CALIBRATION = 1000;

    private FineTuner() {
    }

    /** Progress of fine-tuning (called on the training thread). */
    public interface Listener {
        default void stage(FineTuneConfig.Stage stage) {
        }

        default void batch(int epoch, int batch, int batches, double loss) {
        }

        /**
         * @param spikingAccuracy accuracy of the spiking network on the validation data at the stage's T (NaN without)
         * @param spikesPerSample its spikes per validation sample
         */
        default void epoch(int epoch, double trainLoss, double spikingAccuracy, double spikesPerSample) {
        }
    }

    /** The model with one ceiling per ReLU layer: its own, or the percentile of its ANN activations on {@code data}. */
    public static TrainedModel withCeilings(TrainedModel m, Dataset data, double percentile) {
        if (!m.caps().isEmpty()) return m;
        Network folded = FoldAveragePooling.apply(NetworkBuilder.of(m));
        List<Population> hidden = new ArrayList<>();
        for (Population p : folded.populations()) if (p.kind() == PopulationKind.SPIKING && p != folded.output()) hidden.add(p);
        ActivationStatistics stats = ActivationStatistics.collect(folded, data.limit(CEILING_CALIBRATION), 2, null);
        List<Float> caps = new ArrayList<>();
        for (Population p : hidden) {
            float c = stats.percentile(p, -1, percentile);
            caps.add(c > 0 ? c : 1f);
        }
        return withCaps(m, caps, m.validationAccuracy());
    }

    static TrainedModel withCaps(TrainedModel m, List<Float> caps, double accuracy) {
        return new TrainedModel(m.name(), m.channels(), m.height(), m.width(), m.classes(), m.layers(), m.weights(),
            m.biases(), accuracy, m.epochs(), List.copyOf(caps));
    }

    /**
     * Fine-tunes {@code model} on {@code train}; keeps the parameters whose spiking network is most accurate on
     * {@code validation} (the last ones when it is empty).
     */
    public static TrainedModel fineTune(TrainedModel model, Dataset train, Dataset validation, FineTuneConfig cfg, Listener listener) {
        Listener l = listener == null ? new Listener() { } : listener;
        Nd4j.getRandom().setSeed(cfg.seed());
        TrainedModel current = withCeilings(model, train, cfg.percentile());
        Dataset calibration = train.limit(OUTPUT_CALIBRATION);
        TrainedModel best = null;
        double bestAccuracy = -1;
        int globalEpoch = 0;
        for (FineTuneConfig.Stage stage : cfg.stages()) {
            l.stage(stage);
            Graph g = new Graph(current, cfg);
            for (int e = 1; e <= stage.epochs(); e++) {
                globalEpoch++;
                double dt = cfg.dtMsAt(globalEpoch);
                g.hzPerStep.setArray(Nd4j.scalar(DataType.FLOAT, (float) (1000.0 / dt)));
                int n = train.size();
                int batches = (n + stage.batchSize() - 1) / stage.batchSize();
                int[] order = Splits.permutation(n, new SplittableRandom(cfg.seed() * 31 + globalEpoch));
                double lossSum = 0;
                int lossCount = 0;
                for (int b = 0; b < batches; b++) {
                    int from = b * stage.batchSize(), to = Math.min(n, from + stage.batchSize());
                    Dataset batch = gather(train, order, from, to);
                    SpikingForward fwd = new SpikingForward(current, calibration, stage.timesteps(), dt, cfg.tauMs());
                    SpikingForward.Pass pass = fwd.run(batch, 2);
                    MultiDataSet md = g.batch(batch, pass);
                    g.graph.sd.fit(md);
                    current = g.snapshot(current);
                    if (b % 25 == 0 || b == batches - 1) {
                        double loss = g.loss(md);
                        lossSum += loss;
                        lossCount++;
                        l.batch(globalEpoch, b + 1, batches, loss);
                    } else {
                        l.batch(globalEpoch, b + 1, batches, Double.NaN);
                    }
                    OffHeap.close(md);
                    OffHeap.afterBatch(b);
                }
                double acc = Double.NaN, spikes = Double.NaN;
                if (validation != null && validation.size() > 0) {
                    SpikingForward.Pass p = new SpikingForward(current, calibration, stage.timesteps(), dt, cfg.tauMs()).run(validation, 2);
                    acc = p.correct() / (double) validation.size();
                    spikes = p.spikesPerSample();
                }
                l.epoch(globalEpoch, lossSum / Math.max(1, lossCount), acc, spikes);
                if (Double.isNaN(acc) || acc >= bestAccuracy) {
                    bestAccuracy = Double.isNaN(acc) ? bestAccuracy : acc;
                    best = withCaps(current, current.caps(), acc);
                }
            }
            // Each stage continues from the best parameters so far.
            current = best;
        }
        return new TrainedModel(best.name(), best.channels(), best.height(), best.width(), best.classes(), best.layers(),
            best.weights(), best.biases(), best.validationAccuracy(), globalEpoch, best.caps());
    }

    static Dataset gather(Dataset d, int[] order, int from, int to) {
        float[][] x = new float[to - from][];
        int[] y = new int[to - from];
        for (int i = from; i < to; i++) {
            x[i - from] = d.samples()[order[i]];
            y[i - from] = d.labels()[order[i]];
        }
        return new Dataset(d.name(), d.shape(), x, y, d.classes());
    }

    /** The straight-through training graph of one stage. */
    static final class Graph {
        final NetGraph graph;
        final SDVariable hzPerStep;
        final List<long[]> shapes;
        final int classes;
        final String[] features;

        Graph(TrainedModel m, FineTuneConfig cfg) {
            List<SDVariable> perStep = new ArrayList<>();
            graph = new NetGraph(org.spikeflow.graph.Shape.chw(m.channels(), m.height(), m.width()), m.classes(), m.layers(), m, null, 0,
                (sd, z, index, shape) -> {
                    long[] ph = new long[shape.length + 1];
                    ph[0] = -1;
                    System.arraycopy(shape, 0, ph, 1, shape.length);
                    SDVariable rate = sd.placeHolder("rate" + index, DataType.FLOAT, ph);
                    float lambda = m.caps().get(index);
                    SDVariable clipped = sd.math().clipByValue(z, 0, lambda);
                    SDVariable a = clipped.add(new StopGradient(sd, rate.mul(lambda).sub(clipped)).outputVariable());
                    perStep.add(a.div(lambda));
                    return a;
                });
            SameDiff sd = graph.sd;
            classes = m.classes();
            shapes = graph.reluShapes;
            hzPerStep = sd.constant("hzPerStep", Nd4j.scalar(DataType.FLOAT, 1000f));
            SDVariable ce = sd.loss().softmaxCrossEntropy("ce", sd.getVariable("label"), graph.logits, null);
            SDVariable loss;
            if (cfg.rateL2() > 0 && !perStep.isEmpty()) {
                SDVariable penalty = null;
                for (SDVariable r : perStep) {
                    SDVariable hz = r.mul(hzPerStep);
                    SDVariable above = sd.nn().relu(hz.sub(cfg.upperHz()), 0);
                    SDVariable below = sd.nn().relu(hz.rsub(cfg.lowerHz()), 0);
                    SDVariable term = sd.math().square(above).add(sd.math().square(below)).mean();
                    penalty = penalty == null ? term : penalty.add(term);
                }
                loss = ce.add("loss", penalty.mul(cfg.rateL2() / perStep.size()));
            } else {
                loss = ce.add("loss", 0.0);
            }
            sd.setLossVariables(loss.name());
            features = new String[1 + shapes.size()];
            features[0] = "input";
            for (int i = 0; i < shapes.size(); i++) features[i + 1] = "rate" + i;
            sd.setTrainingConfig(new org.nd4j.autodiff.samediff.TrainingConfig.Builder().updater(new Adam(cfg.learningRate()))
                .dataSetFeatureMapping(features).dataSetLabelMapping("label").build());
            NetGraph.createGradients(sd);
        }

        MultiDataSet batch(Dataset batch, SpikingForward.Pass pass) {
            DataSet d = Trainer.batch(batch, classes);
            int n = batch.size();
            INDArray[] f = new INDArray[features.length];
            f[0] = d.getFeatures();
            for (int i = 0; i < shapes.size(); i++) {
                long[] shape = shapes.get(i);
                long[] full = new long[shape.length + 1];
                full[0] = n;
                System.arraycopy(shape, 0, full, 1, shape.length);
                int size = pass.rates()[i][0].length;
                float[] flat = new float[n * size];
                for (int s = 0; s < n; s++) System.arraycopy(pass.rates()[i][s], 0, flat, s * size, size);
                f[i + 1] = Nd4j.create(flat, full, 'c');
            }
            return new MultiDataSet(f, new INDArray[] {d.getLabels()});
        }

        double loss(MultiDataSet md) {
            Map<String, INDArray> ph = new HashMap<>();
            for (int k = 0; k < features.length; k++) ph.put(features[k], md.getFeatures(k));
            ph.put("label", md.getLabels(0));
            return graph.sd.outputSingle(ph, "loss").getDouble(0);
        }

        /** Logits of the graph for a batch whose spiking rates are given (the forward value fine-tuning trains). */
        float[] logits(MultiDataSet md) {
            Map<String, INDArray> ph = new HashMap<>();
            for (int k = 0; k < features.length; k++) ph.put(features[k], md.getFeatures(k));
            return graph.sd.outputSingle(ph, "logits").dup('c').data().asFloat();
        }

        TrainedModel snapshot(TrainedModel like) {
            List<float[]> w = new ArrayList<>(), b = new ArrayList<>();
            for (float[][] p : graph.parameters(like.layers())) {
                w.add(p[0]);
                b.add(p[1]);
            }
            return new TrainedModel(like.name(), like.channels(), like.height(), like.width(), like.classes(), like.layers(),
                w, b, like.validationAccuracy(), like.epochs(), like.caps());
        }
    }
}
