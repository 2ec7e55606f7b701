package org.spikeflow.cli;

import picocli.CommandLine;

import java.io.PrintWriter;

/** Entry point of the {@code snn} command. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.setProperty("chronicle.analytics.disable", "true");
        int code = run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
        System.exit(code);
    }

    /** Runs the command with injected writers; returns the exit code (tests call this). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cmd = commandLine(out, err);
        org.spikeflow.io.InputLimits.set(org.spikeflow.io.InputLimits.DEFAULT);
        try {
            return cmd.execute(args);
        } catch (OutOfMemoryError e) {
            err.println("snn: out of memory (" + e.getMessage() + "); give the JVM more heap, e.g. SNN_JAVA_OPTS=-Xmx16g");
            err.flush();
            return ExitCodes.FAILURE;
        } finally {
            org.spikeflow.io.InputLimits.set(org.spikeflow.io.InputLimits.DEFAULT);
        }
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cmd = new CommandLine(new SnnCommand());
        cmd.setOut(out);
        cmd.setErr(err);
        cmd.setExecutionExceptionHandler(new ErrorHandler());
        cmd.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("snn " + c.getCommandName() + ": usage error: " + ex.getMessage());
            c.getErr().println("Try 'snn " + (c.getCommandName().equals("snn") ? "" : c.getCommandName() + " ") + "--help'.");
            c.getErr().flush();
            return ExitCodes.USAGE;
        });
        cmd.setUsageHelpAutoWidth(true);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        Enums.register(cmd);
        return cmd;
    }
}
