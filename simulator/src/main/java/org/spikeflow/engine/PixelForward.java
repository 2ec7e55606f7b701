package org.spikeflow.engine;

import org.spikeflow.engine.analog.AnalogForward;
import org.spikeflow.graph.Network;

/**
 * The rate (ANN) reading's per-pixel classes of whole scenes: the network's output argmax over channels (or logit
 * above 0 for one channel) at every pixel, computed on the whole scene, or tile by tile through the network
 * instantiated for the tile and stitched as a {@link TiledRun} stitches the spiking predictions.
 * Not thread-safe: one instance per thread.
 */
public final class PixelForward {
    private final Network net;
    private final Tiling tiling;
    private final AnalogForward forward;
    private final float[] tile;
    private final byte[] tileClasses;

    /**
     * @param net the network for the whole scene, or, with a {@code tiling}, the network for its tile
     * @param tiling how scenes are cut, or null for whole scenes
     */
    public PixelForward(Network net, Tiling tiling) {
        this.net = net;
        this.tiling = tiling;
        this.forward = new AnalogForward(net);
        this.tile = tiling == null ? null : new float[net.input().size()];
        this.tileClasses = tiling == null ? null : new byte[tiling.tileHeight() * tiling.tileWidth()];
    }

    /** Pixels of a scene's class map. */
    public int pixels() {
        return tiling == null ? net.output().shape().height() * net.output().shape().width()
            : tiling.sceneHeight() * tiling.sceneWidth();
    }

    /** Writes the classes of every pixel of {@code scene} (channels-last) into {@code out} ({@link #pixels()} long). */
    public void classes(float[] scene, byte[] out) {
        final int channels = net.output().shape().channels();
        if (tiling == null) {
            PixelConfusion.classesOf(forward.run(scene)[net.output().id()], channels, out);
            return;
        }
        for (int k = 0; k < tiling.tiles(); k++) {
            tiling.cut(scene, net.input().shape().channels(), k, tile);
            PixelConfusion.classesOf(forward.run(tile)[net.output().id()], channels, tileClasses);
            tiling.stitch(tileClasses, k, out);
        }
    }
}
