package org.spikeflow.report;

/** A report file that cannot be read; the message names the file and what is wrong in it. */
public final class ReportException extends org.spikeflow.io.InvalidInputException {
    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}
