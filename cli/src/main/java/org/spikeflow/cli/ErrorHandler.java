package org.spikeflow.cli;

import org.spikeflow.converter.ModelException;
import org.spikeflow.data.DataException;
import org.spikeflow.graph.GraphException;
import org.spikeflow.graph.io.NetworkFileException;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * Turns an exception from a command into one or two lines on standard error and a named exit code. The
 * stack trace is printed only with {@code --verbose}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    static int exitCode(Throwable e) {
        if (e instanceof UsageException || e instanceof CommandLine.ParameterException) return ExitCodes.USAGE;
        if (e instanceof ModelException || e instanceof DataException || e instanceof GraphException
            || e instanceof NetworkFileException || e instanceof NoSuchFileException || e instanceof org.spikeflow.report.ReportException
            || e.getClass().getSimpleName().endsWith("ProfileException")) {
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof IllegalArgumentException && e.getMessage() != null) return ExitCodes.INVALID_INPUT;
        return ExitCodes.FAILURE;
    }

    static String message(Throwable e) {
        Throwable t = e;
        if (t instanceof UncheckedIOException && t.getCause() != null) t = t.getCause();
        String m = t.getMessage();
        if (t instanceof NoSuchFileException) return "no such file: " + m;
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        return m;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        int code = exitCode(e);
        String prefix = code == ExitCodes.USAGE ? "usage error: " : code == ExitCodes.INVALID_INPUT ? "invalid input: " : "error: ";
        err.println("snn " + cmd.getCommandName() + ": " + prefix + message(e));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        } else if (code == ExitCodes.FAILURE) {
            err.println("(run again with --verbose for the stack trace)");
        }
        if (code == ExitCodes.USAGE) err.println("Try 'snn " + cmd.getCommandName() + " --help'.");
        err.flush();
        return code;
    }

    private static boolean verbose(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p != null) {
            if (p.hasMatchedOption("--verbose")) return true;
            p = p.subcommand();
        }
        return false;
    }
}
