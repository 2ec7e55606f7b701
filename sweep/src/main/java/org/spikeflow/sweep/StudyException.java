package org.spikeflow.sweep;

/**
 * A study file that cannot mean anything: an unknown key, a value of the wrong type, or a value outside its
 * range. The message names the study file, the configuration (or the key path) and the offending value. It is
 * raised while the study is read and expanded, before any work starts.
 */
public final class StudyException extends org.spikeflow.io.InvalidInputException {
    public StudyException(String message) {
        super(message);
    }
}
