package org.spikeflow.graph;

/** Kinds of connectivity between populations. */
public enum ProjectionKind {
    /** All-to-all weights; the source is read by flat HWC index (this is how flatten costs nothing). */
    DENSE,
    /** 2-D convolution with kernel, stride, padding and dilation; weights {@code [kh][kw][cin][cout]}. */
    CONV,
    /** Average pooling as a fixed-weight depthwise projection. */
    AVG_POOL,
    /** Spiking max pooling into a {@link PopulationKind#MAX_POOL} population. */
    MAX_POOL
}
