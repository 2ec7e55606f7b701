package org.spikeflow.cli;

/** A bad argument found after parsing (exit code 2); the message names the option. */
public final class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
