package org.spikeflow.cli;

import org.spikeflow.engine.ConfigException;
import org.spikeflow.engine.EarlyExit;
import org.spikeflow.engine.EarlyExitAnalysis;
import org.spikeflow.engine.ReadoutMode;
import org.spikeflow.engine.SimulationResult;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.PopulationKind;
import org.spikeflow.graph.Projection;
import org.spikeflow.hardware.Activity;
import org.spikeflow.hardware.DeviceProfile;
import org.spikeflow.hardware.EnergyEstimator;
import org.spikeflow.hardware.LayerActivity;
import org.spikeflow.report.EarlyExitReport;
import org.spikeflow.report.LayerKind;
import org.spikeflow.report.LayerReport;
import org.spikeflow.report.SimulationReport;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The early-exit section of {@code snn simulate}: from a full run's traces, or from a run that stopped. */
final class EarlyExits {
    private EarlyExits() {
    }

    /** {@code MARGIN[,PATIENCE]} (patience 1 by default). */
    static final class Converter implements CommandLine.ITypeConverter<EarlyExit> {
        @Override
        public EarlyExit convert(String value) {
            String[] parts = value.split(",", -1);
            if (parts.length > 2) throw new CommandLine.TypeConversionException("expected MARGIN[,PATIENCE], got '" + value + "'");
            try {
                float margin = Float.parseFloat(parts[0].trim());
                int patience = parts.length == 2 ? Integer.parseInt(parts[1].trim()) : 1;
                return new EarlyExit(margin, patience);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("expected MARGIN[,PATIENCE] with a number and a whole number, got '" + value + "'");
            } catch (ConfigException e) {
                throw new CommandLine.TypeConversionException(e.getMessage().replaceFirst("^early-exit ", "") + " in '" + value + "'");
            }
        }
    }

    /** What the margin counts for a read-out. */
    static String unit(ReadoutMode mode) {
        return switch (mode) {
            case SPIKE_COUNT -> "spikes";
            case MEMBRANE -> "output";
            case FIRST_SPIKE -> "timesteps";
            case TIME_TO_FIRST_SPIKE, TIME_TO_K_SPIKES -> "spikes of the leading output";
            case AUTO -> throw new IllegalStateException("unresolved read-out");
        };
    }

    /** The margins of the sweep: the ones asked for, or the rule's margin times 0, 1/4, 1/2, 1, 2 and 4. */
    static List<EarlyExit> sweep(EarlyExit rule, float[] margins) {
        Set<Float> m = new LinkedHashSet<>();
        if (margins != null && margins.length > 0) {
            for (float x : margins) m.add(x);
        } else {
            for (float f : new float[] {0f, 0.25f, 0.5f, 1f, 2f, 4f}) m.add(rule.margin() * f);
        }
        List<EarlyExit> out = new ArrayList<>();
        for (float x : m) out.add(new EarlyExit(x, rule.patience()));
        out.sort((a, b) -> Float.compare(a.margin(), b.margin()));
        return out;
    }

    /** From a full run that kept traces: the rule, and a sweep of margins. */
    static EarlyExitReport analysed(SimulationResult run, EarlyExit rule, List<EarlyExit> sweep, ReadoutMode readout) {
        EarlyExitAnalysis a = EarlyExitAnalysis.of(run, rule);
        List<EarlyExitReport.Point> points = new ArrayList<>();
        for (EarlyExit r : sweep) {
            EarlyExitAnalysis x = EarlyExitAnalysis.of(run, r);
            points.add(new EarlyExitReport.Point(r.margin(), r.patience(), x.accuracy(), x.meanSteps(), neuronSpikes(run.network(), x.spikes()),
                Arrays.stream(x.synops()).sum()));
        }
        List<EarlyExitReport.Layer> layers = new ArrayList<>();
        for (Population p : run.network().populations()) {
            int id = p.id();
            layers.add(new EarlyExitReport.Layer(p.name(), a.spikes()[id], a.synops()[id], a.active()[id], a.neuronUpdates()[id]));
        }
        return new EarlyExitReport(rule.margin(), rule.patience(), unit(readout), false, a.accuracy(), a.meanSteps(),
            a.stepsQuantile(0.5), a.stepsQuantile(0.9), a.stepsQuantile(0.99), neuronSpikes(run.network(), a.spikes()),
            Arrays.stream(a.synops()).sum(), layers, a.stepsUsed(), points, null);
    }

    /** From a run whose engine stopped the samples: its own counts (every figure of the report is that run's). */
    static EarlyExitReport stopped(SimulationResult run, SimulationReport report, EarlyExit rule, ReadoutMode readout) {
        int[] used = run.stepsRun();
        EarlyExitAnalysis stats = new EarlyExitAnalysis(rule, used, new int[0], 0, new double[0], new double[0], new double[0], new double[0]);
        List<EarlyExitReport.Layer> layers = new ArrayList<>();
        for (LayerReport l : report.layers()) {
            layers.add(new EarlyExitReport.Layer(l.name(), l.spikesPerSample(), l.synopsPerSample(), l.activeNeuronUpdatesPerSample(),
                l.neuronUpdatesPerSample()));
        }
        return new EarlyExitReport(rule.margin(), rule.patience(), unit(readout), true, report.finalAccuracy(), stats.meanSteps(),
            stats.stepsQuantile(0.5), stats.stepsQuantile(0.9), stats.stepsQuantile(0.99), report.spikesPerSample(),
            report.synopsPerSample(), layers, used, List.of(), null);
    }

    /** Energy per inference with early exit: the layers' events up to each stop, latency from the mean timesteps used. */
    static EarlyExitReport withEnergy(EarlyExitReport x, Network net, SimulationReport full, List<DeviceProfile> devices) {
        List<LayerActivity> layers = new ArrayList<>();
        for (int i = 0; i < x.layers().size(); i++) {
            EarlyExitReport.Layer l = x.layers().get(i);
            Population p = net.populations().get(i);
            long conn = 0;
            Set<Population> sources = new LinkedHashSet<>();
            for (Projection pr : net.incoming(p.id())) {
                conn += pr.connections();
                sources.add(pr.source());
            }
            double inputSpikes = 0;
            long sourceNeurons = 0;
            for (Population s : sources) {
                inputSpikes += x.layers().get(s.id()).spikesPerSample();
                sourceNeurons += s.size();
            }
            LayerKind kind = LayerKind.of(net, p);
            layers.add(new LayerActivity(p.name(), kind, kind == LayerKind.INPUT ? 0 : p.size(), conn, sourceNeurons, l.spikesPerSample(),
                l.synopsPerSample(), inputSpikes, l.neuronUpdatesPerSample(), l.activeNeuronUpdatesPerSample()));
        }
        Activity a = new Activity(net.name(), true, full.timesteps(), full.timestepMs(), x.meanTimesteps(), x.accuracy(), layers);
        return x.withEnergy(EnergyEstimator.estimate(a, devices).toReport());
    }

    private static double neuronSpikes(Network net, double[] spikes) {
        double s = 0;
        for (Population p : net.populations()) if (p.kind() == PopulationKind.SPIKING) s += spikes[p.id()];
        return s;
    }
}
