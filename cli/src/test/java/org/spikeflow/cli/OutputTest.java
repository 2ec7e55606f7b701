package org.spikeflow.cli;

import org.spikeflow.io.AtomicFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputTest {

    @Test
    void failedWriteLeavesNeitherTargetNorTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("report.json");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("{\"half\":".getBytes());
            throw new IOException("interrupted");
        }));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void successfulWriteReplacesTheTargetAtOnce(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("a.txt");
        Files.writeString(target, "old");
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void progressPrintsPlainLinesWithRateAndEtaWhenNotATerminal() {
        StringWriter s = new StringWriter();
        AtomicLong clock = new AtomicLong(0);
        try (Progress p = new Progress(new PrintWriter(s), "simulate", 100, false, clock::get)) {
            clock.set(2_000_000_000L);
            p.update(50);
            clock.set(4_000_000_000L);
            p.update(100);
        }
        String[] lines = s.toString().split("\n");
        assertTrue(lines[0].contains("50/100") && lines[0].contains("25.0/s") && lines[0].contains("ETA 0:02"), s.toString());
        assertTrue(lines[lines.length - 1].contains("100/100"), s.toString());
        assertFalse(s.toString().contains("\r"));
    }

    @Test
    void progressShowsNoRateUntilHalfASecondHasPassed() {
        AtomicLong clock = new AtomicLong(0);
        Progress p = new Progress(new PrintWriter(new StringWriter()), "epoch 1", 844, false, clock::get);
        clock.set(2_000_000L);
        p.update(1);
        assertTrue(p.line(clock.get()).endsWith(" -/s ETA ?"), p.line(clock.get()));
        clock.set(1_000_000_000L);
        assertTrue(p.line(clock.get()).endsWith(" 1.0/s ETA 14:03"), p.line(clock.get()));
    }

    @Test
    void epochBarShowsTheLatestSampledLossOnEveryLine() {
        StringWriter s = new StringWriter();
        EpochBar bar = new EpochBar(new PrintWriter(s));
        bar.batch(1, 1, 10, Double.NaN);
        bar.batch(1, 2, 10, 0.5);
        bar.batch(1, 3, 10, Double.NaN);
        bar.close();
        bar.batch(2, 1, 10, Double.NaN);
        bar.close();
        String[] lines = s.toString().split("\n");
        assertFalse(lines[0].contains("loss"), lines[0]);
        assertTrue(lines[1].startsWith("epoch 1 ") && lines[1].endsWith("  loss 0.5000"), lines[1]);
        assertTrue(lines[2].contains("3/10") && lines[2].endsWith("  loss 0.5000"), "kept until the next sample: " + lines[2]);
        String epoch2 = java.util.Arrays.stream(lines).filter(l -> l.startsWith("epoch 2 ")).findFirst().orElseThrow();
        assertFalse(epoch2.contains("loss"), "a new epoch starts without a loss: " + epoch2);
    }

    @Test
    void progressRedrawsOneLineOnATerminal() {
        StringWriter s = new StringWriter();
        AtomicLong clock = new AtomicLong(0);
        try (Progress p = new Progress(new PrintWriter(s), "train", 10, true, clock::get)) {
            for (int i = 1; i <= 10; i++) {
                clock.addAndGet(200_000_000L);
                p.update(i);
            }
        }
        assertTrue(s.toString().contains("\r") && s.toString().contains("10/10"), s.toString());
    }
}
