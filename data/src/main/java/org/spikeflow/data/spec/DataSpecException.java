package org.spikeflow.data.spec;

/**
 * A data specification or selection that cannot mean anything (a usage error, not a bad file): the message names
 * the option or the part of the specification at fault.
 */
public final class DataSpecException extends IllegalArgumentException {
    private final String option;

    public DataSpecException(String option, String message) {
        super(message);
        this.option = option;
    }

    /** The option this concerns (without dashes), or null for the specification itself. */
    public String option() {
        return option;
    }
}
