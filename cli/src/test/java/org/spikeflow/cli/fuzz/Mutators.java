package org.spikeflow.cli.fuzz;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/** Seeded mutations of binary and text inputs: what a half-broken export or a damaged copy produces. */
final class Mutators {
    static final int[] INTERESTING_INTS = {0, -1, 1, 2, 7, 255, 256, 65535, 65536, 65537, 1 << 20, 1 << 24, Integer.MAX_VALUE,
        Integer.MIN_VALUE, Integer.MAX_VALUE / 2 + 1, -576};
    static final long[] INTERESTING_DIMS = {0, -1, 1, 3, 65537, 1 << 20, 1L << 31, Integer.MAX_VALUE, Long.MAX_VALUE, -576,
        1L << 40};
    private static final String[] TOKENS = {"-Infinity", "NaN", "Infinity", "1e400", "-1", "0", "99999999999999999999",
        "2147483648", "true", "false", "null", "\"x\"", "[]", "{}", "~", "-0", "1.5", "\"\"", "[[[[[[[[[[", "&a", "*a",
        "!!binary", "!!python/object:os.system", "? ", "<<: *a", "\u00ff", "\\u0000", "'", "\ttab", "10 us", "-3 pJ", "1e-400"};
    private static final String STRUCTURE = "{}[]:,\"\\\n\t-#&*!|>%@`";
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
    private static final Pattern KEY = Pattern.compile("\"?([a-z_]+)\"?\\s*:");

    private Mutators() {
    }

    /** One to eight byte-level edits; {@code hot} bytes at the start receive half of them (headers live there). */
    static byte[] bytes(byte[] in, SplittableRandom r, int hot) {
        byte[] b = in.clone();
        int edits = 1 + r.nextInt(8);
        for (int k = 0; k < edits && b.length > 0; k++) {
            int span = r.nextBoolean() ? Math.min(hot, b.length) : b.length;
            int at = r.nextInt(span);
            switch (r.nextInt(9)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b[at] = (byte) new int[] {0, 0xff, 0x7f, 0x80, 1}[r.nextInt(5)];
                case 2, 3 -> {
                    int v = INTERESTING_INTS[r.nextInt(INTERESTING_INTS.length)];
                    boolean big = r.nextBoolean();
                    for (int j = 0; j < 4 && at + j < b.length; j++) {
                        b[at + j] = (byte) (big ? v >>> (24 - 8 * j) : v >>> (8 * j));
                    }
                }
                case 4 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 5 -> { // delete a span
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c;
                }
                case 6 -> { // duplicate a span
                    int len = Math.min(b.length - at, 1 + r.nextInt(64));
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at + len);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                case 7 -> { // insert random bytes
                    int len = 1 + r.nextInt(16);
                    byte[] c = new byte[b.length + len];
                    System.arraycopy(b, 0, c, 0, at);
                    for (int j = 0; j < len; j++) c[at + j] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, c, at + len, b.length - at);
                    b = c;
                }
                default -> { // random bytes over a span
                    int len = Math.min(b.length - at, 1 + r.nextInt(32));
                    for (int j = 0; j < len; j++) b[at + j] = (byte) r.nextInt(256);
                }
            }
        }
        return b;
    }

    /** One to four edits of JSON or YAML text: numbers and keys swapped for hostile values, structure broken. */
    static byte[] text(String in, SplittableRandom r) {
        String s = in;
        int edits = 1 + r.nextInt(4);
        for (int k = 0; k < edits; k++) {
            if (s.isEmpty()) break;
            switch (r.nextInt(8)) {
                case 0, 1 -> s = replaceMatch(s, NUMBER, TOKENS[r.nextInt(TOKENS.length)], r);
                case 2 -> s = replaceMatch(s, KEY, new String[] {"true: ", "1: ", "null: ", "~: ", "[a]: ", "\"\": ", "? x\n: "}[r.nextInt(7)], r);
                case 3 -> { // delete a span
                    int at = r.nextInt(s.length());
                    s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(40)));
                }
                case 4 -> { // insert a structural character or token
                    int at = r.nextInt(s.length());
                    String t = r.nextBoolean() ? STRUCTURE.substring(r.nextInt(STRUCTURE.length())).substring(0, 1) : TOKENS[r.nextInt(TOKENS.length)];
                    s = s.substring(0, at) + t + s.substring(at);
                }
                case 5 -> s = s.substring(0, r.nextInt(s.length())); // truncate
                case 6 -> { // duplicate a line
                    String[] lines = s.split("\n", -1);
                    int i = r.nextInt(lines.length);
                    List<String> l = new ArrayList<>(List.of(lines));
                    l.add(i, lines[i]);
                    s = String.join("\n", l);
                }
                default -> { // invalid UTF-8 or a control byte
                    byte[] b = s.getBytes(StandardCharsets.UTF_8);
                    byte[] c = bytes(b, r, b.length);
                    return c;
                }
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String replaceMatch(String s, Pattern p, String with, SplittableRandom r) {
        Matcher m = p.matcher(s);
        List<int[]> spans = new ArrayList<>();
        while (m.find()) spans.add(new int[] {m.start(), m.end()});
        if (spans.isEmpty()) return s;
        int[] sp = spans.get(r.nextInt(spans.size()));
        return s.substring(0, sp[0]) + with + s.substring(sp[1]);
    }

    /** Entries of a zip archive in order. */
    static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) out.put(e.getName(), z.readAllBytes());
        }
        return out;
    }

    static byte[] zip(Map<String, byte[]> entries, boolean deflate) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(b)) {
            for (var e : entries.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                if (!deflate) {
                    ze.setMethod(ZipEntry.STORED);
                    ze.setSize(e.getValue().length);
                    CRC32 c = new CRC32();
                    c.update(e.getValue());
                    ze.setCrc(c.getValue());
                }
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
        return b.toByteArray();
    }

    /** Rewrites the trailing CRC32 of a {@code .snn} file so a mutation reaches the parser behind the checksum. */
    static byte[] fixSnnChecksum(byte[] b) {
        if (b.length < 10) return b;
        CRC32 c = new CRC32();
        c.update(b, 0, b.length - 4);
        int v = (int) c.getValue();
        for (int j = 0; j < 4; j++) b[b.length - 4 + j] = (byte) (v >>> (24 - 8 * j));
        return b;
    }
}
