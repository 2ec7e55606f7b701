package org.spikeflow.cli;

import picocli.CommandLine.Option;

/** Options every subcommand shares. */
public final class CommonOptions {
    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;
}
