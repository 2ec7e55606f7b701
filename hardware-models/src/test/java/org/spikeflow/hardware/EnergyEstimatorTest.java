package org.spikeflow.hardware;

import org.junit.jupiter.api.Test;
import org.spikeflow.graph.ConvProjection;
import org.spikeflow.graph.DenseProjection;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.NeuronParams;
import org.spikeflow.graph.PoolProjection;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;
import org.spikeflow.report.EnergyReport;
import org.spikeflow.report.LayerKind;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnergyEstimatorTest {

    private static double sig3(double v) {
        return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.3g", v));
    }

    /** Dense 784 -> 128 (ReLU) -> 10, input rate 12.5 Hz, dt 1 ms, 10 timesteps, as KerasSpiking would see it. */
    private static Activity mlpActivity() {
        double t = 10, dt = 0.001, rate = 12.5;
        LayerActivity in = new LayerActivity("input", LayerKind.INPUT, 0, 0, 0, rate * dt * t * 784, 0, 0, 0, 0);
        // hidden: 100,352 connections from 784 inputs; counted synops chosen unequal to the mean-rate estimate.
        LayerActivity h = new LayerActivity("hidden", LayerKind.DENSE, 128, 784 * 128, 784, 40, 12_000, rate * dt * t * 784, 128 * t, 900);
        LayerActivity o = new LayerActivity("out", LayerKind.DENSE, 10, 1280, 128, 5, 400, 40, 10 * t, 60);
        return new Activity("mlp", true, 10, 1.0, 6.0, 0.9, List.of(in, h, o));
    }

    @Test
    void reproducesKerasSpikingSummaryToThreeSignificantDigits() {
        DeviceProfile loihi = Devices.builtIn().get("loihi");
        // KerasSpiking, hidden layer on loihi: synop 27.1e-12 * 100352 * 12.5 Hz * 1 ms * 10 = 3.40e-7 J,
        // neuron 81e-12 * 128 * 10 = 1.04e-7 J.
        double[] ks = EnergyEstimator.kerasSpikingLayerEnergy(100_352, 128, 12.5, 0.001, 10, 27.1e-12, 81e-12, true);
        assertEquals(3.40e-7, sig3(ks[0]));
        assertEquals(1.04e-7, sig3(ks[1]));
        EnergyEstimate r = EnergyEstimator.estimate(mlpActivity(), List.of(loihi));
        EnergyEstimate.DeviceEstimate d = r.devices().get(0);
        double hiddenMeanRate = mlpActivity().layers().get(1).meanRateSynopsPerSample();
        assertEquals(12_544, hiddenMeanRate, 1e-9);
        assertEquals(sig3(ks[0] + ks[1]), sig3(hiddenMeanRate * 27.1e-12 + 128 * 10 * 81e-12));
        // KerasSpiking on cpu (non-spiking): 8.6e-9 * 100352 + 8.6e-9 * 128 for the hidden layer.
        double[] cpu = EnergyEstimator.kerasSpikingLayerEnergy(100_352, 128, 12.5, 0.001, 10, 8.6e-9, 8.6e-9, false);
        EnergyEstimate rc = EnergyEstimator.estimate(mlpActivity(), List.of(Devices.builtIn().get("cpu")));
        assertEquals(sig3(cpu[0] + cpu[1]), sig3(rc.devices().get(0).layers().get(1).energyJ()));
        assertTrue(d.meanRateEnergyJ() > 0);
    }

    @Test
    void spikingEnergyUsesCountedSynopsAndTheProfilesNeuronUpdates() {
        Activity a = mlpActivity();
        // loihi: all neurons every step.
        EnergyEstimate.DeviceEstimate loihi = EnergyEstimator.estimate(a, List.of(Devices.builtIn().get("loihi"))).devices().get(0);
        double expected = (12_000 + 400) * 27.1e-12 + (1280 + 100) * 81e-12;
        assertEquals(expected, loihi.energyJ(), 1e-18);
        // SANA-FE Loihi: active neurons only, plus 22 pJ per spike.
        EnergyEstimate.DeviceEstimate sanafe = EnergyEstimator.estimate(a, List.of(Devices.builtIn().get("loihi-sanafe"))).devices().get(0);
        double expected2 = (12_000 + 400) * 35.5e-12 + (900 + 60) * 51e-12 + (40 + 5) * 22e-12;
        assertEquals(expected2, sanafe.energyJ(), 1e-18);
    }

    @Test
    void latencyIsDecisionTimestepsTimesTimePerTimestep() {
        DeviceProfile chip = new DeviceProfile("chip", true, 0, 1e-12, 1e-12, 0, NeuronUpdateMode.ALL, 0.5, 1e-4, "test");
        EnergyEstimate.DeviceEstimate d = EnergyEstimator.estimate(mlpActivity(), List.of(chip)).devices().get(0);
        assertEquals(6.0 * 1e-4, d.latencyS(), 1e-15);
        assertEquals(6.0 * 1e-4 * 0.5, d.staticEnergyJ(), 1e-15);
    }

    @Test
    void annCostOnAsicCountsMacsAtHorowitzFigures() {
        EnergyEstimate r = EnergyEstimator.estimate(mlpActivity(), List.of(Devices.builtIn().get("asic45nm")));
        EnergyEstimate.DeviceEstimate ann = r.devices().get(0);
        assertEquals(EnergyReport.Mode.ANN, ann.mode());
        assertEquals((100_352 + 1280) * 4.6e-12 + (128 + 10) * 0.9e-12, ann.energyJ(), 1e-18);
        assertEquals(EnergyReport.Mode.SNN, r.devices().get(1).mode());
    }

    /**
     * VGG-16 on 64x64x3 inputs: 13 3x3 'same' convolutions in blocks of 64, 128, 256, 512, 512 channels with
     * 2x2 max pooling after each block, then dense 2048 -> 4096 -> 4096 -> 10.
     * A 3x3 'same' convolution on H x W touches (3H - 2)(3W - 2) input positions in total (border outputs see
     * 2 rows or columns, not 3), so its MACs are (3H-2)(3W-2) Cin Cout:
     * <pre>
     *  H=64: (190^2=36100): 3*64 -> 6,931,200;   64*64 -> 147,865,600
     *  H=32: (94^2=8836):  64*128 -> 72,384,512; 128*128 -> 144,769,024
     *  H=16: (46^2=2116):  128*256 -> 69,337,088; 256*256 -> 138,674,176 (x2)
     *  H=8:  (22^2=484):   256*512 -> 63,438,848; 512*512 -> 126,877,696 (x2)
     *  H=4:  (10^2=100):   512*512 -> 26,214,400 (x3)
     *  dense: 2048*4096 = 8,388,608; 4096*4096 = 16,777,216; 4096*10 = 40,960
     *  convolutions 1,114,473,216 + dense 25,206,784 = 1,139,680,000
     *  (counting padded taps, H*W*9*Cin*Cout, would give 1,277,992,960)
     * </pre>
     */
    @Test
    void countsTheExactMacsOfVgg16On64x64Inputs() {
        Network.Builder b = Network.builder("vgg16");
        Population prev = Population.input("input", Shape.chw(3, 64, 64));
        b.add(prev);
        int[][] blocks = {{64, 64}, {128, 128}, {256, 256, 256}, {512, 512, 512}, {512, 512, 512}};
        int size = 64, k = 0;
        for (int[] block : blocks) {
            for (int c : block) {
                Population conv = Population.spiking("conv" + (++k), Shape.chw(c, size, size), NeuronParams.IF_SOFT);
                b.add(conv).connect(new ConvProjection("w" + k, prev, conv, 3, 1, 1, new float[9 * prev.shape().channels() * c]));
                prev = conv;
            }
            size /= 2;
            Population pool = Population.maxPool("pool" + k, Shape.chw(prev.shape().channels(), size, size));
            b.add(pool).connect(PoolProjection.max("p" + k, prev, pool, 2, 2));
            prev = pool;
        }
        int[] dense = {4096, 4096, 10};
        for (int i = 0; i < dense.length; i++) {
            Population fc = Population.spiking("fc" + i, Shape.flat(dense[i]), NeuronParams.IF_SOFT);
            b.add(fc).connect(new DenseProjection("d" + i, prev, fc, new float[prev.size() * dense[i]]));
            prev = fc;
        }
        Activity a = Activity.of(b.output(prev).build());
        assertEquals(1_139_680_000L, a.totalConnections());
    }
}
