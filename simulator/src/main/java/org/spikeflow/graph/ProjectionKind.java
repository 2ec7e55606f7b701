package org.spikeflow.graph;

import org.spikeflow.io.BinaryIO;

import java.io.IOException;

/**
 * Kinds of connectivity between populations, with the reader of each kind's parameters in a network file (the
 * ordinal is the kind's code in the file; append new kinds at the end).
 */
public enum ProjectionKind {
    /** All-to-all weights; the source is read by flat HWC index (this is how flatten costs nothing). */
    DENSE(DenseProjection::read),
    /** 2-D convolution with kernel, stride, padding and dilation; weights {@code [kh][kw][cin][cout]}. */
    CONV(ConvProjection::read),
    /** Average pooling as a fixed-weight depthwise projection. */
    AVG_POOL(AvgPoolProjection::read),
    /** Spiking max pooling into a {@link PopulationKind#MAX_POOL} population. */
    MAX_POOL(MaxPoolProjection::read),
    /** Any current-adding kind delivered one timestep late: the edges of cycles ({@link RecurrentProjection}). */
    RECURRENT(RecurrentProjection::read),
    /** 2-D transposed convolution (also nearest-neighbour upsampling); weights {@code [kh][kw][cin][cout/groups]}. */
    CONV_TRANSPOSE(ConvTransposeProjection::read),
    /** Spiking max pooling by the running-maximum rule ({@link MaxPoolProjection.Rule#RUNNING_MAX}). */
    MAX_POOL_RUNNING(MaxPoolProjection::readRunningMax),
    /** Bilinear upsampling by integer factors as a fixed-weight depthwise projection ({@link LinearResizeProjection}). */
    LINEAR_RESIZE(LinearResizeProjection::read);

    /** Reads one kind's parameters. */
    @FunctionalInterface
    interface Reader {
        Projection read(String name, Population source, Population target, BinaryIO.Bounded in) throws IOException;
    }

    private final Reader reader;

    ProjectionKind(Reader reader) {
        this.reader = reader;
    }

    /** Reads the parameters {@link Projection#writeParameters} wrote for this kind. */
    public Projection read(String name, Population source, Population target, BinaryIO.Bounded in) throws IOException {
        return reader.read(name, source, target, in);
    }
}
