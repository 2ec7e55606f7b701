package org.spikeflow.graph.io;

/** A network file that cannot be read or written; the message names the file and the problem. */
public final class NetworkFileException extends org.spikeflow.io.InvalidInputException {
    public NetworkFileException(String message) {
        super(message);
    }

    public NetworkFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
