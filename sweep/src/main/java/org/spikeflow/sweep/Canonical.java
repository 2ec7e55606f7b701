package org.spikeflow.sweep;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The hash of a key: its fields written one per line as {@code name=value} in a fixed order under a versioned
 * kind, then SHA-256. Numbers are written by {@link String#valueOf} (99 and 99.0 given as a double are the same),
 * absent settings as {@code -}. A key names everything that changes its result, and nothing else: thread counts
 * and the executor are left out, so a sweep on a laptop and one on a cluster share their stores.
 */
final class Canonical {
    /** Hex digits of a key kept in file names and tables (64 bits). */
    static final int KEY_LENGTH = 16;

    private final StringBuilder text = new StringBuilder();

    Canonical(String kind) {
        text.append(kind).append('\n');
    }

    Canonical put(String name, Object value) {
        text.append(name).append('=').append(value == null ? "-" : String.valueOf(value)).append('\n');
        return this;
    }

    String text() {
        return text.toString();
    }

    String key() {
        return sha256(text.toString().getBytes(StandardCharsets.UTF_8)).substring(0, KEY_LENGTH);
    }

    static String sha256(byte[] bytes) {
        MessageDigest d = digest();
        return HexFormat.of().formatHex(d.digest(bytes));
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) d.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
