package org.spikeflow.cli;

import org.spikeflow.sweep.Sweep;

import java.io.PrintWriter;
import java.util.Locale;

/** The sweep's progress on the command line: what is to run, a conversion bar, then configurations done / total with ETA. */
final class SweepProgress implements Sweep.Listener, AutoCloseable {
    private final PrintWriter out;
    private final PrintWriter err;
    private Progress convert;
    private Progress simulate;

    SweepProgress(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public synchronized void planned(Sweep.Summary s) {
        out.printf(Locale.ROOT, "in the store: %d of %d configurations complete, %s; to run: %s (%s), %s for %s; %s%n", s.complete(),
            s.configurations(), SweepCommand.count(s.storedTasks(), "simulation task"), SweepCommand.count(s.calibrations(), "calibration task"),
            SweepCommand.count(s.conversions(), "conversion"), SweepCommand.count(s.tasks(), "simulation task"),
            SweepCommand.count(s.configurations() - s.complete(), "configuration"), s.executor());
        out.flush();
        if (s.conversions() > 0) convert = Progress.create(out, "convert", s.conversions());
    }

    @Override
    public synchronized void converted(int done, int total) {
        if (convert != null) convert.update(done);
    }

    @Override
    public synchronized void simulated(int configurationsDone, int configurationsTotal, int tasksDone, int tasksTotal) {
        closeConvert();
        if (simulate == null) simulate = Progress.create(out, "configurations", configurationsTotal);
        simulate.update(configurationsDone, "tasks " + tasksDone + "/" + tasksTotal);
    }

    @Override
    public synchronized void failed(String what, Throwable error) {
        err.println("snn sweep: failed: " + what + ": " + ErrorHandler.message(error));
        err.flush();
    }

    private void closeConvert() {
        if (convert != null) {
            convert.close();
            convert = null;
        }
    }

    @Override
    public synchronized void close() {
        closeConvert();
        if (simulate != null) simulate.close();
    }
}
