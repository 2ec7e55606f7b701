package org.spikeflow.report;

/**
 * How a segmentation run cut its scenes ({@code --tile}): the tile and scene extents, the overlap of neighbouring
 * tiles, tiles per scene, and the fewest positions any stitched pixel lies inside an inner tile edge (the scene's
 * extent when one tile covers it), and the network's receptive-field radius (-1 when unbounded); the stitched run
 * equals the whole-scene one when the margin is at least the radius.
 */
public record TilingReport(int tileHeight, int tileWidth, int overlap, int tilesPerScene, int sceneHeight, int sceneWidth,
                           int margin, int receptiveFieldRadius) {
    public static TilingReport of(org.spikeflow.engine.Tiling t, int receptiveRadius) {
        final int m = t.margin() == Integer.MAX_VALUE ? Math.max(t.sceneHeight(), t.sceneWidth()) : t.margin();
        return new TilingReport(t.tileHeight(), t.tileWidth(), t.overlap(), t.tiles(), t.sceneHeight(), t.sceneWidth(), m,
            receptiveRadius == Integer.MAX_VALUE ? -1 : receptiveRadius);
    }
}
