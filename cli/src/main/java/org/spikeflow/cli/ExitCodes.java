package org.spikeflow.cli;

/** Named exit codes of the {@code snn} command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The run failed for a reason other than bad input. */
    public static final int FAILURE = 1;
    /** Bad command line: unknown flag, missing or out-of-range argument. */
    public static final int USAGE = 2;
    /** Invalid model or data: corrupt, truncated, unsupported, missing or mismatched. */
    public static final int INVALID_INPUT = 3;

    private ExitCodes() {
    }
}
