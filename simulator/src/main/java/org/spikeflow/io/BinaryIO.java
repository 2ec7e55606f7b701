package org.spikeflow.io;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Length-prefixed arrays in the big-endian binary files the project writes. Reads check a declared length
 * against the bytes that remain before allocating anything, so a corrupt length cannot ask for gigabytes.
 */
public final class BinaryIO {
    private BinaryIO() {
    }

    /** A source that knows how many bytes remain (a file or buffer read in memory). */
    public interface Bounded extends DataInput {
        long remaining();
    }

    /** Writes a 32-bit count (−1 for null) and the values. */
    public static void writeFloats(DataOutput out, float[] a) throws IOException {
        if (a == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(a.length);
        ByteBuffer buf = ByteBuffer.allocate(a.length * 4).order(ByteOrder.BIG_ENDIAN);
        buf.asFloatBuffer().put(a);
        out.write(buf.array());
    }

    /**
     * Reads what {@link #writeFloats} wrote; null for a count of −1.
     *
     * @throws EOFException when the count is below −1 or more values are declared than bytes remain
     */
    public static float[] readFloats(Bounded in) throws IOException {
        int n = in.readInt();
        if (n == -1) return null;
        if (n < 0 || n > in.remaining() / 4) throw new EOFException("declared " + n + " floats, " + in.remaining() + " bytes remain");
        byte[] raw = new byte[n * 4];
        in.readFully(raw);
        float[] a = new float[n];
        ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(a);
        return a;
    }

    /** Writes a 32-bit byte length and UTF-8 bytes. */
    public static void writeText(DataOutput out, String s) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    /** Reads what {@link #writeText} wrote, checking the length first. */
    public static String readText(Bounded in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.remaining()) throw new EOFException("declared " + n + " bytes of text, " + in.remaining() + " remain");
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A bounded big-endian reader over part of a byte array. */
    public static Bounded reader(byte[] bytes, int offset, int length) {
        return new ArrayReader(bytes, offset, length);
    }

    private static final class ArrayReader extends java.io.DataInputStream implements Bounded {
        private final java.io.ByteArrayInputStream in;

        ArrayReader(byte[] bytes, int offset, int length) {
            this(new java.io.ByteArrayInputStream(bytes, offset, length));
        }

        private ArrayReader(java.io.ByteArrayInputStream in) {
            super(in);
            this.in = in;
        }

        @Override
        public long remaining() {
            return in.available();
        }
    }
}
