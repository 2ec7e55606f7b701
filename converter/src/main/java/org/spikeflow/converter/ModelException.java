package org.spikeflow.converter;

/** A model file that cannot be imported: corrupt, truncated, or using unsupported operations. */
public final class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
