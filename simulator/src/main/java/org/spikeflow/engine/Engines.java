package org.spikeflow.engine;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.dense.DenseEngine;
import org.spikeflow.engine.event.EventEngine;
import org.spikeflow.graph.Network;

/** Factory for the engines. */
public final class Engines {
    private Engines() {
    }

    /**
     * Fails unless every sample fits the network's input population (spike trains: whole timesteps of it); the
     * {@link DataException} names the data and the network input.
     */
    public static void checkInput(Network net, Dataset data, SimulationConfig cfg) {
        if (cfg.readout().stopsAtSpikes() && Float.isInfinite(net.output().neuron().threshold())) {
            throw new ConfigException("readout", cfg.readout().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + " needs a spiking output population, but network output '" + net.output().name()
                + "' integrates without spiking (convert with --output-layer spiking)");
        }
        if (cfg.earlyExit() != null) {
            for (org.spikeflow.graph.Projection pr : net.projections()) {
                if (pr.delayed()) {
                    throw new ConfigException("early exit", "is not supported on recurrent networks (projection '" + pr.name() + "')");
                }
            }
        }
        if (org.spikeflow.graph.TtfsParams.isTtfs(net)) {
            if (cfg.encoder() != EncoderKind.TTFS) {
                throw new ConfigException("encoder", "must be ttfs for a time-to-first-spike network, got "
                    + cfg.encoder().name().toLowerCase(java.util.Locale.ROOT));
            }
            final int needed = org.spikeflow.graph.TtfsParams.ticksNeeded(net);
            if (cfg.timesteps() < needed) {
                throw new ConfigException("timesteps", "must be at least " + needed + " for this time-to-first-spike network (its last"
                    + " window ends there), got " + cfg.timesteps());
            }
            if (cfg.inputWindow() != org.spikeflow.graph.TtfsParams.inputWindow(net)) {
                throw new ConfigException("encoder", "ttfs input window of " + cfg.inputWindow() + " ticks does not match the network's "
                    + org.spikeflow.graph.TtfsParams.inputWindow(net));
            }
        } else if (cfg.encoder() == EncoderKind.TTFS) {
            throw new ConfigException("encoder", "ttfs needs a network converted with --coding ttfs");
        }
        if (cfg.encoder() != EncoderKind.SPIKE_TRAIN) {
            checkInput(net, data);
            return;
        }
        for (float[] x : data.samples()) {
            if (x.length % net.input().size() != 0) {
                throw new DataException(data.name() + " holds spike trains of " + x.length + " values, not whole timesteps of the "
                    + net.input().size() + " neurons of network input '" + net.input().name() + "'");
            }
        }
    }

    /** Fails unless every sample has one value per neuron of the network's input population. */
    public static void checkInput(Network net, Dataset data) {
        for (float[] x : data.samples()) {
            if (x.length != net.input().size()) {
                throw new DataException(data.name() + " has " + x.length + " values per sample " + data.shape()
                    + " but network input '" + net.input().name() + "' expects " + net.input().size() + " " + net.input().shape());
            }
        }
    }

    public static Engine create(EngineKind kind) {
        return switch (kind) {
            case EVENT -> new EventEngine();
            case DENSE -> new DenseEngine();
        };
    }
}
