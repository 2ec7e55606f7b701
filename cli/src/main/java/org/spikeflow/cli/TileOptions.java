package org.spikeflow.cli;

import org.spikeflow.data.DataException;
import org.spikeflow.data.Dataset;
import org.spikeflow.engine.ConfigException;
import org.spikeflow.engine.Readout;
import org.spikeflow.engine.Tiling;
import org.spikeflow.graph.Network;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --tile HxW} and {@code --tile-overlap N}: segmentation scenes cut into overlapping tiles, each run through
 * the fully convolutional network instantiated for the tile size, the per-pixel outputs stitched back.
 */
public final class TileOptions {
    @Option(names = "--tile", paramLabel = "HxW", converter = TileConverter.class,
        description = "Cut every scene into tiles of H x W (N for N x N; clamped to the scene) and run each through the"
            + " network instantiated for that size (a fully convolutional network, e.g. a UNet, converted at any size);"
            + " the per-pixel predictions are stitched back, each pixel from the tile whose centre region owns it."
            + " Scenes may then be larger than the network's input; a tile as large as the scene runs it whole.")
    Size tile;

    /** A tile's height and width. */
    record Size(int height, int width) {
    }

    @Option(names = "--tile-overlap", paramLabel = "N", defaultValue = "0",
        description = "Rows and columns neighbouring tiles share (with --tile); each keeps its half nearer its centre."
            + " The stitched output equals the whole-scene run when N / 2 is at least the network's receptive-field"
            + " radius. Default: ${DEFAULT-VALUE}.")
    int overlap;

    /**
     * A network instantiated for the tiles, how the scenes are cut, and the network's receptive-field radius
     * ({@link Tiling#receptiveRadius}); null without {@code --tile}.
     */
    record Tiled(Network net, Tiling tiling, int receptiveRadius) {
        /** The tiles' context falls short of the receptive field: stitched pixels near tile edges can differ. */
        boolean shortOfContext() {
            return tiling.tiles() > 1 && tiling.margin() < receptiveRadius;
        }

        /** One line for the run's output: the tiles, their margin, and a warning when it is short of the receptive field. */
        String describe() {
            final int m = tiling.margin() == Integer.MAX_VALUE ? 0 : tiling.margin();
            final String radius = receptiveRadius == Integer.MAX_VALUE ? "unbounded" : SweepCommand.count(receptiveRadius, "position");
            final String line = String.format(java.util.Locale.ROOT, "tiles: %s; every pixel from a tile at least %s"
                + " inside its inner edges; receptive-field radius %s", tiling.describe(), SweepCommand.count(m, "position"), radius);
            if (!shortOfContext()) return line;
            return line + System.lineSeparator() + "warning: --tile-overlap " + tiling.overlap() + " keeps " + SweepCommand.count(m, "position")
                + " of context beside inner tile edges, less than the receptive-field radius, so pixels near"
                + " them can differ from the whole-scene run" + (receptiveRadius == Integer.MAX_VALUE ? "" : "; "
                + suggestion(tiling, 2 * receptiveRadius, Tiling.alignment(net)));
        }

        private static String suggestion(Tiling t, int overlap, int[] alignment) {
            int ov = overlap;
            while ((t.tileHeight() < t.sceneHeight() && (t.tileHeight() - ov) % alignment[0] != 0)
                || (t.tileWidth() < t.sceneWidth() && (t.tileWidth() - ov) % alignment[1] != 0)) {
                ov++;
            }
            final boolean fits = (t.tileHeight() >= t.sceneHeight() || ov < t.tileHeight())
                && (t.tileWidth() >= t.sceneWidth() || ov < t.tileWidth());
            return fits ? "--tile-overlap " + ov + " makes them equal"
                : "an overlap of " + ov + " would make them equal, which needs tiles larger than " + t.tileHeight() + "x" + t.tileWidth();
        }
    }

    /** The tiling of {@code data}'s scenes for {@code net} (the network as converted), or null without {@code --tile}. */
    Tiled of(Network net, Dataset data) {
        if (tile == null) {
            if (overlap != 0) throw new UsageException("--tile-overlap needs --tile HxW");
            return null;
        }
        if (!Readout.perPixel(net.output())) {
            throw new UsageException("--tile needs a per-pixel (segmentation) output; '" + net.output().name() + "' is "
                + net.output().shape());
        }
        if (data.shape().channels() != net.input().shape().channels()) {
            throw new DataException(data.name() + " has scenes of " + data.shape().channels() + " channel(s) but network input '"
                + net.input().name() + "' has " + net.input().shape().channels());
        }
        final Tiling t;
        try {
            t = Tiling.of(data.shape().height(), data.shape().width(), tile.height(), tile.width(), overlap, Tiling.alignment(net));
        } catch (ConfigException e) {
            throw new UsageException("--" + e.getMessage());
        }
        if (data.segmentation() && data.size() > 0 && data.masks().labels()[0].length != t.sceneHeight() * t.sceneWidth()) {
            throw new DataException(data.name() + ": masks of " + data.masks().labels()[0].length + " pixels for scenes of "
                + t.sceneHeight() + "x" + t.sceneWidth());
        }
        return new Tiled(net.resized(t.tileHeight(), t.tileWidth()), t, Tiling.receptiveRadius(net));
    }

    /** {@code HxW} or {@code N}. */
    static final class TileConverter implements CommandLine.ITypeConverter<Size> {
        @Override
        public Size convert(String s) {
            final String[] p = s.trim().toLowerCase(java.util.Locale.ROOT).split("x", -1);
            try {
                final int h = Integer.parseInt(p[0].trim()), w = p.length == 1 ? h : Integer.parseInt(p[1].trim());
                if (p.length > 2 || h < 1 || w < 1) throw new NumberFormatException();
                return new Size(h, w);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException("expected HxW or N with positive sizes, e.g. 64x64, got '" + s + "'");
            }
        }
    }
}
