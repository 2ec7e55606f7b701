package org.spikeflow.cli;

import org.spikeflow.io.InputLimits;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every subcommand shares. */
public final class CommonOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Option(names = "--max-elements", paramLabel = "N",
        description = "Largest tensor, array or population a file may declare, in elements (default 2^27 = "
            + InputLimits.DEFAULT_MAX_ELEMENTS + "); larger ones are refused before anything is allocated.")
    void maxElements(long n) {
        InputLimits.set(limits(n, InputLimits.current().maxSynapses(), InputLimits.current().maxNeurons()));
    }

    @Option(names = "--max-synapses", paramLabel = "N",
        description = "Largest number of synapses a network may have (default 2^32 = " + InputLimits.DEFAULT_MAX_SYNAPSES + ").")
    void maxSynapses(long n) {
        InputLimits.set(limits(InputLimits.current().maxElements(), n, InputLimits.current().maxNeurons()));
    }

    @Option(names = "--max-neurons", paramLabel = "N",
        description = "Largest number of neurons (the sum of its population sizes) a network may have (default 2^24 = "
            + InputLimits.DEFAULT_MAX_NEURONS + "; the engines keep about " + InputLimits.ENGINE_BYTES_PER_NEURON
            + " bytes per neuron in each thread's pipeline).")
    void maxNeurons(long n) {
        InputLimits.set(limits(InputLimits.current().maxElements(), InputLimits.current().maxSynapses(), n));
    }

    private InputLimits limits(long elements, long synapses, long neurons) {
        try {
            return new InputLimits(elements, synapses, neurons);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "--" + e.getMessage());
        }
    }
}
