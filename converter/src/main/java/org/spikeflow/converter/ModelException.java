package org.spikeflow.converter;

/** A model file that cannot be imported: corrupt, truncated, or using unsupported operations. */
public final class ModelException extends org.spikeflow.io.InvalidInputException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
