package org.spikeflow.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's memory as the operating system sees it. */
public final class ProcessMemory {
    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcessMemory() {
    }

    /** Peak resident set size so far in bytes (Linux {@code VmHWM}), or null where the system does not report it. */
    public static Long peakResidentBytes() {
        return field("VmHWM:");
    }

    /** Current resident set size in bytes (Linux {@code VmRSS}), or null. */
    public static Long residentBytes() {
        return field("VmRSS:");
    }

    private static Long field(String name) {
        try {
            if (!Files.isReadable(STATUS)) return null;
            for (String line : Files.readAllLines(STATUS, StandardCharsets.US_ASCII)) {
                if (line.startsWith(name)) {
                    String[] f = line.substring(name.length()).trim().split("\\s+");
                    long v = Long.parseLong(f[0]);
                    return f.length > 1 && f[1].equalsIgnoreCase("kB") ? v * 1024 : v;
                }
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
