package org.spikeflow.data;

/** A data file or folder that cannot be read; the message names the file and what is wrong. */
public final class DataException extends org.spikeflow.io.InvalidInputException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
