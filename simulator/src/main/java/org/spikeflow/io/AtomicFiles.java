package org.spikeflow.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes files atomically: into a temporary file beside the target ({@code .TARGET.PID.RANDOM.tmp}), then moved into
 * place, so the target is either absent, the previous version, or complete. A shutdown hook removes temporary files of
 * writes still in progress (Ctrl-C, kill); after SIGKILL, where no hook runs, the next write to the same target
 * removes the temporary files of processes that are gone.
 */
public final class AtomicFiles {
    private static final Set<Path> PENDING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (Path p : PENDING) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort during shutdown
                }
            }
        }, "spikeflow-cleanup"));
    }

    /** Writes the content produced by {@code writer}. */
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private static final long PID = ProcessHandle.current().pid();

    private AtomicFiles() {
    }

    private static String prefix(String target) {
        return "." + target + ".";
    }

    /**
     * Removes temporary files of earlier writes to {@code target} whose process is gone (killed with SIGKILL, where no
     * shutdown hook runs): {@code .TARGET.PID.RANDOM.tmp} with a PID that is not alive.
     */
    static void removeStale(Path dir, String target) {
        String prefix = prefix(target);
        try (java.nio.file.DirectoryStream<Path> s = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp");
        })) {
            for (Path p : s) {
                String rest = p.getFileName().toString().substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot <= 0) continue;
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dot));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (pid != PID && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                if (pid == PID && PENDING.contains(p)) continue;
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a stale temporary file is hidden and harmless
        }
    }

    /** Writes the content of a file through a library that needs a path of its own (an HDF5 writer, say). */
    public interface FileWriter {
        void write(Path temporary) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        writeFile(target, tmp -> {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.write(out);
            }
        });
    }

    /**
     * Has {@code writer} write the temporary file (created empty, beside the target, removed by the same rules as
     * {@link #write}), then moves it into place.
     */
    public static void writeFile(Path target, FileWriter writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        removeStale(dir, abs.getFileName().toString());
        Path tmp = Files.createTempFile(dir, prefix(abs.getFileName().toString()) + PID + ".", ".tmp");
        PENDING.add(tmp);
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            PENDING.remove(tmp);
        }
    }

    public static void writeBytes(Path target, byte[] content) throws IOException {
        write(target, out -> out.write(content));
    }

    public static void writeString(Path target, String content) throws IOException {
        write(target, out -> out.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
