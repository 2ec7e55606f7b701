package org.spikeflow.engine;

/**
 * A simulation setting that cannot work, found when the configuration is built (before any thread starts). The
 * option is named as on the command line ({@code timesteps}, {@code ring-size}, ...), so callers can report it.
 */
public final class ConfigException extends IllegalArgumentException {
    private final String option;

    public ConfigException(String option, String message) {
        super(option + " " + message);
        this.option = option;
    }

    /** The setting at fault, in command-line spelling without dashes. */
    public String option() {
        return option;
    }
}
