package org.spikeflow.converter.nir;

/** A directed edge of a NIR graph: the output of {@code source} feeds {@code target}. */
public record NirEdge(String source, String target) {
    @Override
    public String toString() {
        return source + " -> " + target;
    }
}
