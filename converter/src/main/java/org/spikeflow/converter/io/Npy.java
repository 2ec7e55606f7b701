package org.spikeflow.converter.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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

    public static Map<String, NpyArray> readNpz(Path file) {
        Map<String, NpyArray> out = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName().replaceFirst("\\.npy$", "");
                out.put(name, parse(zip.readAllBytes(), file + ":" + e.getName()));
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (ZipException e) {
            throw new IllegalArgumentException(file + ": not a valid .npz archive (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (out.isEmpty()) throw new IllegalArgumentException(file + ": not a valid .npz archive (no arrays)");
        return out;
    }

    public static NpyArray readNpy(Path file) {
        try {
            return parse(Files.readAllBytes(file), file.toString());
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static NpyArray read(InputStream in, String what) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return parse(b.toByteArray(), what);
    }

    static NpyArray parse(byte[] bytes, String what) {
        if (bytes.length < 10 || (bytes[0] & 0xff) != 0x93 || bytes[1] != 'N' || bytes[2] != 'U' || bytes[3] != 'M'
            || bytes[4] != 'P' || bytes[5] != 'Y') {
            throw new IllegalArgumentException(what + ": not a .npy array (bad magic)");
        }
        int major = bytes[6];
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = bb.getShort(8) & 0xffff;
            start = 10;
        } else {
            headerLen = bb.getInt(8);
            start = 12;
        }
        if (headerLen < 0 || start + (long) headerLen > bytes.length) {
            throw new IllegalArgumentException(what + ": truncated .npy header");
        }
        String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) throw new IllegalArgumentException(what + ": malformed .npy header");
        if (o.group(1).equals("True")) throw new IllegalArgumentException(what + ": Fortran-ordered arrays are not supported");
        String dtype = d.group(1);
        String[] dims = s.group(1).trim().isEmpty() ? new String[0] : s.group(1).split(",");
        int count = 0;
        int[] shape = new int[dims.length];
        long n = 1;
        for (String x : dims) {
            if (x.trim().isEmpty()) continue;
            shape[count] = Integer.parseInt(x.trim());
            n *= shape[count++];
        }
        shape = java.util.Arrays.copyOf(shape, count);
        int off = start + headerLen;
        double[] data = new double[(int) n];
        int width = switch (dtype) {
            case "<f4", "<i4", "<u4" -> 4;
            case "<f8", "<i8", "<u8" -> 8;
            case "<i2", "<u2" -> 2;
            case "|u1", "|i1", "|b1", "<u1", "<i1" -> 1;
            default -> throw new IllegalArgumentException(what + ": unsupported dtype " + dtype);
        };
        if (bytes.length - off < n * width) throw new IllegalArgumentException(what + ": truncated .npy data");
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
}
