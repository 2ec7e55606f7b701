package org.spikeflow.engine;

import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Projection;
import org.spikeflow.kernel.PoolGate;
import org.spikeflow.kernel.TouchMap;
import org.spikeflow.neuron.NeuronDynamics;

import java.util.Arrays;
import java.util.List;

/**
 * One non-input population while it runs: an accumulator per incoming projection (filled by the projection's
 * scatter kernel in the event engine, by its gather kernel in the dense reference), the map of neurons that
 * received input, and the population's state and update rule. Both engines drive the same {@code Layer}, so
 * a timestep's update is written once. Owned by one thread.
 */
public abstract sealed class Layer permits Layer.Neurons, Layer.Ttfs, Layer.Gates {
    final Population population;
    final Projection[] incoming;
    final float[][] acc;
    final TouchMap touched;

    private Layer(Network net, Population p) {
        this.population = p;
        List<Projection> in = net.incoming(p.id());
        this.incoming = in.toArray(new Projection[0]);
        this.acc = new float[incoming.length][];
        for (int k = 0; k < incoming.length; k++) acc[k] = new float[incoming[k].accumulatorSize()];
        this.touched = new TouchMap(p.size(), p.shape().channels());
    }

    /** The layer of population {@code p} (spiking neurons or a pooling gate). */
    public static Layer create(Network net, Population p) {
        return switch (p.kind()) {
            case SPIKING -> p.ttfs() != null ? new Ttfs(net, p) : new Neurons(net, p);
            case MAX_POOL -> new Gates(net, p);
            case INPUT -> throw new IllegalArgumentException("the input population has no layer: " + p.name());
        };
    }

    public Population population() {
        return population;
    }

    /** Projections ending here, in the network's incoming order; accumulator {@code k} belongs to projection {@code k}. */
    public Projection incoming(int k) {
        return incoming[k];
    }

    public int incomingCount() {
        return incoming.length;
    }

    public float[] accumulator(int k) {
        return acc[k];
    }

    public TouchMap touched() {
        return touched;
    }

    /** Sums this step's input (spiking layers: bias first, then each accumulator in incoming order). */
    public abstract void assemble();

    /**
     * Updates the population from the assembled input, lists the neurons that spike in ascending order with their
     * spike counts, and clears the accumulators for the next step.
     *
     * @return the number of spiking neurons
     */
    public abstract int update(int[] spikeIndex, int[] spikeCount);

    /**
     * {@link #assemble()} then {@link #update} (the result is the same float for float; layers may do both in one
     * pass without materializing the current).
     */
    public int step(int[] spikeIndex, int[] spikeCount) {
        assemble();
        return update(spikeIndex, spikeCount);
    }

    /** Returns to the state a sample starts from. */
    public abstract void resetSample();

    /** Membrane potentials (spiking layers), else null. */
    public float[] membrane() {
        return null;
    }

    /** This step's input current, bias included, after {@link #assemble()} (spiking layers), else null. */
    public float[] current() {
        return null;
    }

    /** Drops what the current timestep accumulated so far (a timestep abandoned at an early stop). */
    public void abandonStep() {
        clearAccumulators();
        touched.countAndClear();
    }

    final void clearAccumulators() {
        for (float[] a : acc) Arrays.fill(a, 0f);
    }

    /** Spiking neurons: {@link NeuronDynamics} over the summed current. */
    static final class Neurons extends Layer {
        private final float[] v;
        /** Synaptic currents of current-based neurons, else null. */
        private final float[] synapse;
        private final float synDecay;
        private final int[] refractory;
        private final float[] current;
        private final float[] bias;
        private final float decay;
        private final float initialMembrane;
        /** Chosen once: the one-pass update for single-spike neurons without refractory period, else the general one. */
        private final boolean singleSpike;
        private final float[] biasPerNeuron;

        Neurons(Network net, Population p) {
            super(net, p);
            final int n = p.size();
            v = new float[n];
            refractory = new int[n];
            current = new float[n];
            bias = p.biasPerChannel();
            decay = p.neuron().decay();
            synDecay = p.neuron().synapseDecay();
            synapse = p.neuron().model() == org.spikeflow.graph.NeuronModel.CUBA_LIF ? new float[n] : null;
            initialMembrane = p.neuron().initialMembrane();
            singleSpike = NeuronDynamics.singleSpike(p.neuron());
            biasPerNeuron = singleSpike ? NeuronDynamics.biasPerNeuron(bias, p.shape().channels(), n) : null;
            Arrays.fill(v, initialMembrane);
        }

        @Override
        public void assemble() {
            NeuronDynamics.assembleCurrent(current, bias, population.shape().channels(), acc);
        }

        @Override
        public int update(int[] spikeIndex, int[] spikeCount) {
            final int n = synapse != null
                ? NeuronDynamics.stepCurrentBased(population.neuron(), decay, synDecay, v, synapse, refractory, current, spikeIndex, spikeCount)
                : NeuronDynamics.step(population.neuron(), decay, v, refractory, current, spikeIndex, spikeCount);
            clearAccumulators();
            return n;
        }

        @Override
        public int step(int[] spikeIndex, int[] spikeCount) {
            if (singleSpike) {
                final int n = NeuronDynamics.stepSingleSpike(population.neuron(), decay, v, biasPerNeuron, acc, spikeIndex);
                Arrays.fill(spikeCount, 0, n, 1);
                return n;
            }
            if (synapse != null) {
                assemble();
                return update(spikeIndex, spikeCount);
            }
            return NeuronDynamics.stepLayer(population.neuron(), decay, v, refractory, current, bias, population.shape().channels(),
                acc, spikeIndex, spikeCount);
        }

        @Override
        public void resetSample() {
            Arrays.fill(v, initialMembrane);
            Arrays.fill(refractory, 0);
            if (synapse != null) Arrays.fill(synapse, 0f);
        }

        @Override
        public float[] membrane() {
            return v;
        }

        @Override
        public float[] current() {
            return current;
        }
    }

    /**
     * Time-to-first-spike neurons: {@link NeuronDynamics#stepTtfs} over the summed weights of each tick's arriving
     * spikes; the layer counts the ticks of the current sample itself (a sample starts at tick 0).
     */
    static final class Ttfs extends Layer {
        private final float[] v;
        private final float[] slope;
        private final boolean[] fired;
        private final float[] current;
        private final float[] alphaPerNeuron;
        private final float[] beta;
        private final float[] threshold;
        private final int channels;
        private final int tickStart;
        private final int tickMin;
        private final int tickMax;
        private int tick;

        Ttfs(Network net, Population p) {
            super(net, p);
            final int n = p.size();
            final org.spikeflow.graph.TtfsParams t = p.ttfs();
            v = new float[n];
            slope = new float[n];
            fired = new boolean[n];
            current = new float[n];
            channels = p.shape().channels();
            alphaPerNeuron = NeuronDynamics.biasPerNeuron(t.alpha(), channels, n);
            beta = t.beta();
            threshold = t.threshold();
            tickStart = t.tickStart();
            tickMin = t.tickMin();
            tickMax = t.tickMax();
            resetSample();
        }

        @Override
        public void assemble() {
            NeuronDynamics.assembleCurrent(current, null, channels, acc);
        }

        @Override
        public int update(int[] spikeIndex, int[] spikeCount) {
            final int n = NeuronDynamics.stepTtfs(tick++, tickStart, tickMin, tickMax, beta, threshold, channels, v, slope, fired, current,
                spikeIndex);
            Arrays.fill(spikeCount, 0, n, 1);
            clearAccumulators();
            return n;
        }

        @Override
        public void resetSample() {
            Arrays.fill(v, 0f);
            System.arraycopy(alphaPerNeuron, 0, slope, 0, slope.length);
            Arrays.fill(fired, false);
            tick = 0;
        }

        @Override
        public float[] membrane() {
            return v;
        }

        @Override
        public float[] current() {
            return current;
        }
    }

    /** A pooling gate population: each incoming projection's gate routes its source's spikes. */
    static final class Gates extends Layer {
        private final PoolGate[] gates;
        private final float[] out;

        Gates(Network net, Population p) {
            super(net, p);
            gates = new PoolGate[incoming.length];
            for (int k = 0; k < incoming.length; k++) gates[k] = incoming[k].newGate();
            out = new float[p.size()];
        }

        @Override
        public void assemble() {
            Arrays.fill(out, 0f);
            for (int k = 0; k < gates.length; k++) gates[k].step(acc[k], out);
        }

        @Override
        public int update(int[] spikeIndex, int[] spikeCount) {
            int n = 0;
            for (int j = 0; j < out.length; j++) {
                if (out[j] != 0f) {
                    spikeIndex[n] = j;
                    spikeCount[n++] = (int) out[j];
                }
            }
            clearAccumulators();
            return n;
        }

        @Override
        public void resetSample() {
            for (PoolGate g : gates) g.reset();
        }
    }
}
