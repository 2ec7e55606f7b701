package org.spikeflow.cli;

import org.spikeflow.io.InvalidInputException;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;

/**
 * Turns an exception from a command into one or two lines on standard error and a named exit code, by type only:
 * a usage error ({@link UsageException}, a picocli parameter error) is {@link ExitCodes#USAGE}; input the project
 * refuses ({@link InvalidInputException}, which every reader throws with a sentence naming the file, or a missing
 * file) is {@link ExitCodes#INVALID_INPUT}; an I/O failure (disk full, permission denied) is
 * {@link ExitCodes#FAILURE} with the system's message; anything else is a bug in this program, reported as an
 * internal error ({@link ExitCodes#FAILURE}). The stack trace is printed only with {@code --verbose}.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    /** What an exception means to the user; decides the exit code and the prefix of the message. */
    enum Kind {
        USAGE(ExitCodes.USAGE, "usage error: "),
        INVALID_INPUT(ExitCodes.INVALID_INPUT, "invalid input: "),
        IO_FAILURE(ExitCodes.FAILURE, "error: "),
        INTERNAL(ExitCodes.FAILURE, "internal error, please report: ");

        final int exitCode;
        final String prefix;

        Kind(int exitCode, String prefix) {
            this.exitCode = exitCode;
            this.prefix = prefix;
        }
    }

    static Kind kind(Throwable e) {
        if (e instanceof UsageException || e instanceof CommandLine.ParameterException) return Kind.USAGE;
        Throwable t = unwrapIo(e);
        if (t instanceof InvalidInputException || t instanceof NoSuchFileException) return Kind.INVALID_INPUT;
        if (t instanceof IOException) return Kind.IO_FAILURE;
        return Kind.INTERNAL;
    }

    static int exitCode(Throwable e) {
        return kind(e).exitCode;
    }

    private static Throwable unwrapIo(Throwable e) {
        return e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
    }

    static String message(Throwable e) {
        Throwable t = unwrapIo(e);
        String m = t.getMessage();
        if (t instanceof NoSuchFileException) return "no such file: " + m;
        if (kind(e) == Kind.INTERNAL) return t.getClass().getName() + (m == null || m.isBlank() ? "" : ": " + m);
        if (m == null || m.isBlank()) return t.getClass().getSimpleName();
        return m;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        Kind kind = kind(e);
        err.println("snn " + cmd.getCommandName() + ": " + kind.prefix + message(e));
        if (verbose(parsed)) {
            e.printStackTrace(err);
        } else if (kind == Kind.INTERNAL) {
            err.println("(run again with --verbose for the stack trace, and include it in the report)");
        }
        if (kind == Kind.USAGE) err.println("Try 'snn " + cmd.getCommandName() + " --help'.");
        err.flush();
        return kind.exitCode;
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
