package org.spikeflow.engine;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Shape;

import java.util.function.IntConsumer;

/**
 * A segmentation run over scenes larger than a network's grids: every scene cut into the tiles of a {@link Tiling},
 * the tiles run by an engine through the network instantiated for the tile size ({@link Network#resized}), the
 * tiles' per-pixel predictions stitched back into the scenes' and scored against the scenes' masks. Tiles run in
 * batches of whole scenes (at most {@link #BATCH_TILES} tiles, or one scene's), so only one batch of tiles and one
 * tile-sized network state are in memory besides the scenes; the batches do not depend on the thread count, and
 * every tile's Poisson stream is seeded by its index among all tiles of the run, so the spikes do not either.
 * <p>
 * The result describes the tile network's populations; its counters sum all tiles of a scene, so spikes and
 * synaptic operations per sample are per scene, overlaps counted in every tile that computes them.
 */
public final class TiledRun {
    /** Tiles per engine run (fewer when whole scenes do not fill it, more when one scene has more). */
    public static final int BATCH_TILES = 256;

    private TiledRun() {
    }

    /**
     * Runs {@code scenes} (channels-last, every sample of {@code scenes.shape()}) through {@code tileNet}, whose input
     * is the tiling's tile.
     */
    public static SimulationResult run(Engine engine, Network tileNet, Tiling tiling, Dataset scenes, SimulationConfig cfg) {
        final Shape in = tileNet.input().shape();
        if (in.height() != tiling.tileHeight() || in.width() != tiling.tileWidth()) {
            throw new IllegalArgumentException("network input " + in + " is not the tile " + tiling.tileHeight() + "x" + tiling.tileWidth());
        }
        if (!Readout.perPixel(tileNet.output())) {
            throw new DataException("tiles need a per-pixel output; '" + tileNet.output().name() + "' is " + tileNet.output().shape());
        }
        if (cfg.encoder() == EncoderKind.SPIKE_TRAIN) throw new ConfigException("tile", "does not cut recorded spike trains");
        if (cfg.earlyExit() != null) throw new ConfigException("tile", "cannot stop the tiles of a scene early");
        final int channels = in.channels();
        final int sceneSize = tiling.sceneHeight() * tiling.sceneWidth() * channels;
        for (float[] x : scenes.samples()) {
            if (x.length != sceneSize) {
                throw new DataException(scenes.name() + " has " + x.length + " values per sample " + scenes.shape() + " but its tiling"
                    + " expects scenes of " + channels + "x" + tiling.sceneHeight() + "x" + tiling.sceneWidth());
            }
        }
        final int tiles = tiling.tiles();
        final int perBatch = Math.max(1, BATCH_TILES / tiles);
        final int n = scenes.size(), checkpoints = cfg.checkpoints().length, pixels = tiling.sceneHeight() * tiling.sceneWidth();
        final byte[][][] classes = new byte[n][checkpoints][pixels];
        final int[][] predictions = new int[n][checkpoints];
        final PopulationCounters[] counters = new PopulationCounters[tileNet.populations().size()];
        for (int i = 0; i < counters.length; i++) counters[i] = new PopulationCounters(cfg.timesteps());
        final int[] stepsRun = new int[n];
        double wall = 0, cpu = 0;
        long dense = 0;
        final Shape tileShape = Shape.chw(channels, tiling.tileHeight(), tiling.tileWidth());
        for (int first = 0; first < n; first += perBatch) {
            final int count = Math.min(perBatch, n - first);
            final float[][] x = new float[count * tiles][];
            final int[] labels = new int[count * tiles];
            for (int s = 0; s < count; s++) {
                for (int k = 0; k < tiles; k++) {
                    x[s * tiles + k] = tiling.cut(scenes.samples()[first + s], channels, k);
                    labels[s * tiles + k] = scenes.labels()[first + s];
                }
            }
            final int firstTile = first * tiles, doneScenes = first;
            final IntConsumer progress = cfg.progress() == null ? null
                : finished -> cfg.progress().accept(doneScenes + finished / tiles);
            final SimulationConfig part = cfg.toBuilder().sampleOffset(cfg.sampleOffset() + firstTile)
                .listener(cfg.listener() == null ? null : offset(cfg.listener(), firstTile)).progress(progress).build();
            final SimulationResult r = engine.run(tileNet, new Dataset(scenes.name() + " tiles", tileShape, x, labels,
                scenes.classes()), part);
            final byte[][][] tileClasses = r.pixelPredictions();
            for (int s = 0; s < count; s++) {
                for (int k = 0; k < tiles; k++) {
                    for (int c = 0; c < checkpoints; c++) tiling.stitch(tileClasses[s * tiles + k][c], k, classes[first + s][c]);
                }
                predictions[first + s] = r.predictions()[s * tiles].clone();
                stepsRun[first + s] = cfg.timesteps();
            }
            for (int i = 0; i < counters.length; i++) counters[i].add(r.counters(i));
            wall += r.wallSeconds();
            cpu += r.cpuSeconds();
            dense += r.denseOperations();
        }
        if (cfg.progress() != null) cfg.progress().accept(n);
        if (cfg.listener() != null) cfg.listener().close();
        return new SimulationResult(tileNet, cfg, engine.kind(), scenes.labels().clone(), predictions, counters, wall, cpu, dense,
            stepsRun, null, PixelPredictions.of(classes), scenes.masks());
    }

    /** {@code l} seeing every sample index shifted by {@code offset} (a batch's tiles as indices among all tiles). */
    private static SpikeListener offset(SpikeListener l, int offset) {
        return new SpikeListener() {
            @Override
            public void onSpikes(int sample, int timestep, int populationId, int[] neuronIndex, int[] spikeCount, int n) {
                l.onSpikes(sample + offset, timestep, populationId, neuronIndex, spikeCount, n);
            }

            @Override
            public void close() {
                // the run's owner closes the listener once, after the last batch
            }
        };
    }
}
