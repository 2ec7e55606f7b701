package org.spikeflow.data.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.spikeflow.data.DataException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Reads NumPy {@code .npy} arrays and {@code .npz} archives, stored or deflated ({@code savez_compressed}).
 * Supports little-endian float32/64, int8/16/32/64, uint8 and bool in C order.
 */
public final class Npy {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']+)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * Largest array this reader accepts, in bytes of data (a declared size beyond it is refused before anything
     * is allocated); raise it with the system property {@code spikeflow.data.maxArrayBytes}.
     */
    public static long maxArrayBytes() {
        return Long.getLong("spikeflow.data.maxArrayBytes", 1L << 31);
    }

    public static Map<String, NpyArray> readNpz(Path file) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName().replaceFirst("\\.npy$", "");
                String what = file + ": array " + e.getName();
                out.put(name, parse(readBounded(zip, what), what));
            }
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (ZipException | java.io.EOFException e) {
            throw new DataException(file + ": not a valid .npz archive (corrupt or truncated zip)");
        } catch (IllegalArgumentException e) {
            throw new DataException(file + ": not a valid .npz archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new DataException(file + ": not a valid .npz archive (no arrays)");
        return out;
    }

    /**
     * One array from {@code in}: its header first, then exactly the data bytes the header declares, refused before
     * anything is allocated when the declared size exceeds {@link #maxArrayBytes()} or the element limit (so a deflate
     * bomb or a header declaring gigabytes costs nothing). Bytes after the declared data are ignored.
     */
    private static byte[] readBounded(InputStream in, String what) throws IOException {
        byte[] head = in.readNBytes(12);
        if (head.length < 10 || (head[0] & 0xff) != 0x93 || head[1] != 'N') return head; // parse names the problem
        int major = head[6];
        int start = major == 1 ? 10 : 12;
        if (head.length < start) return head;
        ByteBuffer hb = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? hb.getShort(8) & 0xffff : hb.getInt(8) & 0xffffffffL;
        if (major != 1 && major != 2 && major != 3) return head;
        if (headerLen > MAX_HEADER_BYTES) throw new DataException(what + ": .npy header of " + headerLen + " bytes is implausible");
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(head);
        b.write(in.readNBytes((int) (start + headerLen - head.length)));
        byte[] prefix = b.toByteArray();
        if (prefix.length < start + headerLen) return prefix; // truncated header: parse says so
        Header h = header(new String(prefix, start, (int) headerLen, StandardCharsets.ISO_8859_1), what);
        // a compressed entry's real length is unknown until read: the buffer grows with the data that arrives
        final int total = Math.toIntExact(prefix.length + h.bytes());
        byte[] out = java.util.Arrays.copyOf(prefix, Math.min(total, prefix.length + (1 << 24)));
        int at = prefix.length;
        while (at < total) {
            if (at == out.length) out = java.util.Arrays.copyOf(out, (int) Math.min(total, 2L * out.length));
            int r = in.read(out, at, out.length - at);
            if (r < 0) break;
            at += r;
        }
        return at == out.length ? out : java.util.Arrays.copyOf(out, at);
    }

    private static final int MAX_HEADER_BYTES = 1 << 20;

    /** What a .npy header declares: dtype, shape, element count, bytes per element and data bytes. */
    private record Header(String dtype, int[] shape, long elements, int width, long bytes) {
    }

    /** Parses and checks a header: known dtype, C order, a shape whose size is within the limits. */
    private static Header header(String header, String what) {
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) throw new DataException(what + ": malformed .npy header");
        if (o.group(1).equals("True")) throw new DataException(what + ": Fortran-ordered arrays are not supported");
        String dtype = d.group(1);
        String[] dims = s.group(1).trim().isEmpty() ? new String[0] : s.group(1).split(",");
        int count = 0;
        int[] shape = new int[dims.length];
        long n = 1;
        for (String x : dims) {
            if (x.trim().isEmpty()) continue;
            long dim;
            try {
                dim = Long.parseLong(x.trim().replaceFirst("[Ll]$", ""));
            } catch (NumberFormatException e) {
                throw new DataException(what + ": malformed .npy shape (" + s.group(1).trim() + ")");
            }
            if (dim < 0 || dim > Integer.MAX_VALUE) throw new DataException(what + ": .npy dimension " + dim + " is out of range");
            shape[count++] = (int) dim;
            n = multiply(n, dim, what);
        }
        shape = java.util.Arrays.copyOf(shape, count);
        int width = switch (dtype) {
            case "<f4", "<i4", "<u4" -> 4;
            case "<f8", "<i8", "<u8" -> 8;
            case "<i2", "<u2" -> 2;
            case "|u1", "|i1", "|b1", "<u1", "<i1" -> 1;
            default -> throw new DataException(what + ": unsupported dtype " + dtype);
        };
        long limit = org.spikeflow.io.InputLimits.current().maxElements();
        if (n > limit) {
            throw new DataException(what + ": shape " + java.util.Arrays.toString(shape) + " declares " + n
                + " elements, more than the limit of " + limit + " (raise it with --max-elements)");
        }
        long need = multiply(n, width, what);
        if (need > maxArrayBytes()) {
            throw new DataException(what + ": shape " + java.util.Arrays.toString(shape) + " declares " + need
                + " bytes, more than the limit of " + maxArrayBytes() + " (raise it with -Dspikeflow.data.maxArrayBytes)");
        }
        return new Header(dtype, shape, n, width, need);
    }

    public static NpyArray readNpy(Path file) {
        try {
            long size = Files.size(file);
            if (size > maxArrayBytes() + (1 << 16)) {
                throw new DataException(file + ": " + size + " bytes is more than the limit of " + maxArrayBytes() + " (raise it with -Dspikeflow.data.maxArrayBytes)");
            }
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static NpyArray read(InputStream in, String what) throws IOException {
        return parse(readBounded(in, what), what);
    }

    static NpyArray parse(byte[] bytes, String what) {
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U' || bytes[3] != 'M'
            || bytes[4] != 'P' || bytes[5] != 'Y') {
            throw new DataException(what + ": not a .npy array (bad magic)");
        }
        int major = bytes[6];
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) throw new DataException(what + ": truncated .npy header");
            headerLen = bb.getInt(8);
            start = 12;
        } else {
            throw new DataException(what + ": unsupported .npy format version " + major);
        }
        if (headerLen < 0 || start + (long) headerLen > bytes.length) {
            throw new DataException(what + ": truncated .npy header");
        }
        Header h = header(new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1), what);
        String dtype = h.dtype();
        int[] shape = h.shape();
        long n = h.elements();
        int width = h.width();
        long need = h.bytes();
        int off = start + headerLen;
        if (bytes.length - off < need) {
            throw new DataException(what + ": truncated .npy data (shape " + java.util.Arrays.toString(shape) + " needs " + need
                + " bytes, " + (bytes.length - off) + " present)");
        }
        double[] data = new double[(int) n];
        for (int i = 0; i < n; i++) {
            int p = off + i * width;
            data[i] = switch (dtype) {
                case "<f4" -> bb.getFloat(p);
                case "<f8" -> bb.getDouble(p);
                case "<i4" -> bb.getInt(p);
                case "<u4" -> bb.getInt(p) & 0xffffffffL;
                case "<i8", "<u8" -> bb.getLong(p);
                case "<i2" -> bb.getShort(p);
                case "<u2" -> bb.getShort(p) & 0xffff;
                case "|u1", "<u1", "|b1" -> bytes[p] & 0xff;
                default -> bytes[p];
            };
        }
        return new NpyArray(dtype, shape, data);
    }

    private static long multiply(long a, long b, String what) {
        try {
            long r = Math.multiplyExact(a, b);
            if (r > Integer.MAX_VALUE - 8) throw new ArithmeticException();
            return r;
        } catch (ArithmeticException e) {
            throw new DataException(what + ": declared size overflows (more than " + (Integer.MAX_VALUE - 8) + " elements)");
        }
    }
}
