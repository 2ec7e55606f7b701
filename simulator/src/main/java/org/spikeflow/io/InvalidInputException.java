package org.spikeflow.io;

/**
 * Input the project refuses: a model, network, data set, profile, report or study that is corrupt, truncated,
 * unsupported, mismatched, missing or beyond {@link InputLimits}. The message is one sentence for the researcher
 * who gave the file: it names the file and what is wrong in it (layer, tensor, field or offset). Every reader maps
 * the exceptions of the libraries it uses to a subclass of this one at its boundary, so the command line reports
 * exactly these as bad input and anything else as an internal error.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
