package org.spikeflow.graph;

/** An invalid network description; the message names the population or projection at fault. */
public final class GraphException extends org.spikeflow.io.InvalidInputException {
    private final String element;

    public GraphException(String element, String message) {
        super(element + ": " + message);
        this.element = element;
    }

    /** Name of the population or projection at fault. */
    public String element() {
        return element;
    }
}
