package org.spikeflow.cli;

import org.spikeflow.converter.nir.Discretization;
import org.spikeflow.converter.nir.NirImporter;
import picocli.CommandLine.Option;

/** How NIR's continuous-time nodes become timesteps (convert, inspect and export of NIR graphs). */
public final class NirOptions {
    @Option(names = "--dt", paramLabel = "SECONDS", defaultValue = "0.0001",
        description = "NIR graphs: the timestep, in the unit of the file's time constants (seconds). Default: ${DEFAULT-VALUE}"
            + " (the NIR paper's).")
    double dtSeconds;

    @Option(names = "--discretization", paramLabel = "MODE", defaultValue = "euler",
        description = "NIR graphs: how leaky nodes (LIF, LI) are discretized: euler (forward Euler, as Norse and snnTorch) or"
            + " exponential (exact for input held over a step). Default: ${DEFAULT-VALUE}.")
    Discretization discretization;

    NirImporter.Options options() {
        if (!(dtSeconds > 0) || !Double.isFinite(dtSeconds)) throw new UsageException("--dt must be > 0 seconds, got " + dtSeconds);
        return new NirImporter.Options(dtSeconds, discretization);
    }
}
