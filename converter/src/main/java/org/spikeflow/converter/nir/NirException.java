package org.spikeflow.converter.nir;

/** What is wrong with a NIR graph, without the file name (the reader and the importer add it). */
final class NirException extends RuntimeException {
    NirException(String message) {
        super(message);
    }
}
