package org.spikeflow.hardware;

/** An invalid device profile; the message names the file and the field. */
public final class ProfileException extends org.spikeflow.io.InvalidInputException {
    public ProfileException(String message) {
        super(message);
    }
}
