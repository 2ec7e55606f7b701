package org.spikeflow.converter;

import io.jhdf.HdfFile;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens HDF5 files (Keras weights, NIR graphs) so that the sizes a damaged header declares cannot make the
 * reader allocate: a file up to 2 GiB is read through a read-only memory map, where every structure is a view
 * of the bytes really there and a header, heap or chunk declared past the end of the file fails at once. Read
 * through a file channel instead, the HDF5 library first allocates a buffer of the declared size (and the JDK a
 * second, off-heap one) before it finds out the file is shorter. Larger files, which a map cannot hold, are read
 * through the channel.
 */
public final class Hdf5Input {
    private Hdf5Input() {
    }

    /** The opened file; I/O problems and unreadable structures come out as the library's own runtime exceptions. */
    public static HdfFile open(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size <= Integer.MAX_VALUE) {
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
                return HdfFile.fromByteBuffer(map);
            }
        }
        return new HdfFile(file);
    }
}
