package org.spikeflow.data.io;

import org.spikeflow.data.DataException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** .npy arrays written byte by byte as NumPy's format 1.0 lays them out, inside stored and deflated .npz archives. */
class NpyTest {

    /** A version 1.0 .npy file: magic, header padded with spaces to a multiple of 64, little-endian data. */
    static byte[] npy(String descr, String shape, boolean fortran, byte[] data) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return b.array();
    }

    static byte[] le(int width, double... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            switch (width) {
                case 1 -> b.put((byte) (int) x);
                case 4 -> b.putFloat((float) x);
                default -> b.putDouble(x);
            }
        }
        return b.array();
    }

    static byte[] ints(int width, long... v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * width).order(ByteOrder.LITTLE_ENDIAN);
        for (long x : v) {
            if (width == 4) b.putInt((int) x);
            else b.putLong(x);
        }
        return b.array();
    }

    static Path npz(Path dir, String name, int method, Map<String, byte[]> entries) throws Exception {
        Path f = dir.resolve(name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setMethod(method);
            for (var e : entries.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey() + ".npy");
                if (method == ZipEntry.STORED) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(e.getValue());
                    z.setSize(e.getValue().length);
                    z.setCrc(crc.getValue());
                }
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        try (OutputStream out = Files.newOutputStream(f)) {
            bytes.writeTo(out);
        }
        return f;
    }

    @Test
    void readsEveryDtypeFromADeflatedArchiveLikeSavezCompressed(@TempDir Path dir) throws Exception {
        Map<String, byte[]> m = new java.util.LinkedHashMap<>();
        m.put("input", npy("<f4", "(2, 3)", false, le(4, 0.5, -1.25, 3, 4, 5.5, -6)));
        m.put("wide", npy("<f8", "(2,)", false, le(8, 1e-9, -2.5)));
        m.put("labels", npy("<i8", "(3,)", false, ints(8, 7, 0, 9)));
        m.put("counts", npy("<i4", "(2, 2)", false, ints(4, -3, 1, 2, 100000)));
        m.put("pixels", npy("|u1", "(4,)", false, le(1, 0, 127, 200, 255)));
        m.put("scalar", npy("<f4", "()", false, le(4, 42)));
        Map<String, NpyArray> a = Npy.readNpz(npz(dir, "c.npz", ZipEntry.DEFLATED, m));
        assertEquals(java.util.List.of("input", "wide", "labels", "counts", "pixels", "scalar"), java.util.List.copyOf(a.keySet()));
        assertArrayEquals(new int[] {2, 3}, a.get("input").shape());
        assertArrayEquals(new float[] {4, 5.5f, -6}, a.get("input").row(1));
        assertArrayEquals(new double[] {1e-9, -2.5}, a.get("wide").data());
        assertArrayEquals(new int[] {7, 0, 9}, a.get("labels").toInts());
        assertArrayEquals(new int[] {-3, 1, 2, 100000}, a.get("counts").toInts());
        assertArrayEquals(new int[] {0, 127, 200, 255}, a.get("pixels").toInts());
        assertEquals(0, a.get("scalar").shape().length);
        assertArrayEquals(new double[] {42}, a.get("scalar").data());
    }

    @Test
    void storedAndDeflatedArchivesGiveTheSameArrays(@TempDir Path dir) throws Exception {
        Map<String, byte[]> m = Map.of("x", npy("<f4", "(3,)", false, le(4, 1, 2, 3)));
        NpyArray stored = Npy.readNpz(npz(dir, "s.npz", ZipEntry.STORED, m)).get("x");
        NpyArray deflated = Npy.readNpz(npz(dir, "d.npz", ZipEntry.DEFLATED, m)).get("x");
        assertArrayEquals(stored.data(), deflated.data());
        assertArrayEquals(new double[] {1, 2, 3}, stored.data());
    }

    @Test
    void fortranOrderedArraysAreRejectedByName(@TempDir Path dir) throws Exception {
        Path f = npz(dir, "f.npz", ZipEntry.DEFLATED, Map.of("w", npy("<f4", "(2, 2)", true, le(4, 1, 2, 3, 4))));
        DataException e = assertThrows(DataException.class, () -> Npy.readNpz(f));
        assertTrue(e.getMessage().contains("w.npy") && e.getMessage().contains("Fortran"), e.getMessage());
    }

    @Test
    void truncatedDataAndHeaderAreReportedNotThrownRaw(@TempDir Path dir) throws Exception {
        byte[] full = npy("<f4", "(4,)", false, le(4, 1, 2, 3, 4));
        Path shortData = dir.resolve("short.npy");
        Files.write(shortData, Arrays.copyOf(full, full.length - 3));
        DataException e = assertThrows(DataException.class, () -> Npy.readNpy(shortData));
        assertTrue(e.getMessage().startsWith(shortData.toString()) && e.getMessage().contains("truncated"), e.getMessage());
        Path shortHeader = dir.resolve("header.npy");
        Files.write(shortHeader, Arrays.copyOf(full, 30));
        e = assertThrows(DataException.class, () -> Npy.readNpy(shortHeader));
        assertTrue(e.getMessage().startsWith(shortHeader.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAZipArchiveIsNamedInTheMessage(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.npz");
        Files.writeString(f, "not a zip archive at all");
        DataException e = assertThrows(DataException.class, () -> Npy.readNpz(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
