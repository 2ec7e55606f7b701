package org.spikeflow.engine;

import org.spikeflow.data.DataException;
import org.spikeflow.graph.GraphException;
import org.spikeflow.graph.Network;
import org.spikeflow.graph.Population;
import org.spikeflow.graph.Shape;

/**
 * How large scenes are cut into overlapping tiles for a fully convolutional network and its per-pixel outputs
 * stitched back. Along each axis tiles of the tile extent start every {@code tile - overlap} positions, the last one
 * flush with the scene's far edge; each scene pixel is taken from the one tile that owns it: neighbouring tiles split
 * their shared rows (columns) in the middle, so every owned pixel lies at least {@code overlap / 2} positions away
 * from any tile edge that is not the scene's edge (centre crop). An output pixel whose receptive field reaches at most
 * that far sees exactly the inputs it sees in the whole scene, zero padding at the scene's edges included, so the
 * stitched predictions equal those of the network run on the whole scene (for the deterministic encoders). Tile
 * origins are multiples of the network's {@link #alignment}, so strided layers and pooling windows fall on the same
 * grid in a tile as in the scene.
 * <p>
 * Scenes and tiles are channels-last ({@code (y * width + x) * channels + c}); per-pixel classes row-major.
 */
public final class Tiling {
    private final int sceneH, sceneW, tileH, tileW, overlap;
    private final Axis rows, cols;

    /** One axis: each tile's origin and the scene range {@code [from, to)} it owns. */
    private record Axis(int[] origin, int[] from, int[] to) {
        static Axis of(int extent, int tile, int step) {
            final int n = tile >= extent ? 1 : (extent - tile + step - 1) / step + 1;
            final int[] origin = new int[n], from = new int[n], to = new int[n];
            for (int i = 0; i < n; i++) origin[i] = Math.min(i * step, extent - tile);
            for (int i = 0; i < n; i++) {
                from[i] = i == 0 ? 0 : to[i - 1];
                to[i] = i == n - 1 ? extent : (origin[i + 1] + origin[i] + tile) / 2;
            }
            return new Axis(origin, from, to);
        }
    }

    private Tiling(int sceneH, int sceneW, int tileH, int tileW, int overlap, Axis rows, Axis cols) {
        this.sceneH = sceneH;
        this.sceneW = sceneW;
        this.tileH = tileH;
        this.tileW = tileW;
        this.overlap = overlap;
        this.rows = rows;
        this.cols = cols;
    }

    /**
     * The tiling of {@code sceneH x sceneW} scenes into tiles of {@code tileH x tileW} (each clamped to the scene)
     * overlapping by {@code overlap} positions, for a network whose grids need origins at multiples of
     * {@code alignment} ({@code [rows, columns]}).
     *
     * @throws ConfigException for a tile or overlap that does not fit the alignment (option {@code tile} or {@code tile-overlap})
     * @throws DataException for scenes whose size is no multiple of the alignment
     */
    public static Tiling of(int sceneH, int sceneW, int tileH, int tileW, int overlap, int[] alignment) {
        if (tileH < 1 || tileW < 1) throw new ConfigException("tile", "must be positive, got " + tileH + "x" + tileW);
        if (overlap < 0) throw new ConfigException("tile-overlap", "must be >= 0, got " + overlap);
        if (sceneH % alignment[0] != 0 || sceneW % alignment[1] != 0) {
            throw new DataException("scenes of " + sceneH + "x" + sceneW + " cannot be tiled for this network: its strided"
                + " layers need a height that is a multiple of " + alignment[0] + " and a width that is a multiple of " + alignment[1]);
        }
        final int th = Math.min(tileH, sceneH), tw = Math.min(tileW, sceneW);
        if (th % alignment[0] != 0 || tw % alignment[1] != 0) {
            throw new ConfigException("tile", th + "x" + tw + " must be a multiple of " + alignment[0] + "x" + alignment[1]
                + " for this network (its strided layers)");
        }
        if ((th < sceneH && (overlap >= th || (th - overlap) % alignment[0] != 0))
            || (tw < sceneW && (overlap >= tw || (tw - overlap) % alignment[1] != 0))) {
            throw new ConfigException("tile-overlap", overlap + " must be smaller than the tile " + th + "x" + tw
                + " and leave a step (tile minus overlap) that is a multiple of " + alignment[0] + "x" + alignment[1]);
        }
        return new Tiling(sceneH, sceneW, th, tw, overlap, Axis.of(sceneH, th, th - overlap), Axis.of(sceneW, tw, tw - overlap));
    }

    /**
     * The positions tile origins must be multiples of, {@code [rows, columns]}: the smallest offsets that map to whole
     * positions of every population's grid (4 x 4 for a UNet with two levels of 2 x 2 pooling).
     */
    public static int[] alignment(Network net) {
        final Shape in = net.input().shape();
        long ah = 1, aw = 1;
        for (Population p : net.populations()) {
            ah = lcm(ah, in.height() / gcd(in.height(), p.shape().height()));
            aw = lcm(aw, in.width() / gcd(in.width(), p.shape().width()));
        }
        if (ah > Integer.MAX_VALUE || aw > Integer.MAX_VALUE) throw new GraphException(net.name(), "grids have no common alignment");
        return new int[] {(int) ah, (int) aw};
    }

    /**
     * How far, in input positions, an output pixel's receptive field reaches beyond the input pixels it covers: the
     * largest distance over both axes and every output pixel, following each projection's
     * {@link org.spikeflow.graph.Projection#sourceSpan} from the output back to the input (padding clamps it at the
     * borders, so interior pixels decide). Stitched tiles equal the whole-scene run when {@link #margin()} is at least
     * this. {@link Integer#MAX_VALUE} when it is unbounded: a recurrent projection that spreads over neighbours (its
     * reach grows every timestep); all-to-all connectivity shows as a radius as large as the scene.
     */
    public static int receptiveRadius(Network net) {
        int r = 0;
        for (int axis = 0; axis < 2; axis++) {
            r = Math.max(r, receptiveRadius(net, axis));
            if (r == Integer.MAX_VALUE) break;
        }
        return r;
    }

    private static int extent(Shape s, int axis) {
        return axis == 0 ? s.height() : s.width();
    }

    private static int receptiveRadius(Network net, int axis) {
        final java.util.List<Population> pops = net.populations();
        // first[p][t], last[p][t]: the input rows (columns) that row (column) t of population p depends on.
        final int[][] first = new int[pops.size()][], last = new int[pops.size()][];
        final int inExtent = extent(net.input().shape(), axis);
        for (Population p : pops) {
            final int n = extent(p.shape(), axis), id = p.id();
            first[id] = new int[n];
            last[id] = new int[n];
            java.util.Arrays.fill(first[id], Integer.MAX_VALUE);
            java.util.Arrays.fill(last[id], Integer.MIN_VALUE);
            if (p == net.input()) {
                for (int t = 0; t < n; t++) first[id][t] = last[id][t] = t;
                continue;
            }
            for (org.spikeflow.graph.Projection pr : net.incoming(id)) {
                final int src = pr.source().id();
                if (pr.kind() == org.spikeflow.graph.ProjectionKind.RECURRENT) {
                    for (int t = 0; t < n; t++) {
                        final int[] span = pr.sourceSpan(axis, t);
                        if (span[0] < t || span[1] > t) return Integer.MAX_VALUE;
                    }
                    continue;
                }
                if (first[src] == null) return Integer.MAX_VALUE; // not in topological order: no bound to follow
                for (int t = 0; t < n; t++) {
                    final int[] span = pr.sourceSpan(axis, t);
                    int lo = first[id][t], hi = last[id][t];
                    for (int s = span[0]; s <= span[1]; s++) {
                        lo = Math.min(lo, first[src][s]);
                        hi = Math.max(hi, last[src][s]);
                    }
                    first[id][t] = lo;
                    last[id][t] = hi;
                }
            }
        }
        final int out = net.output().id(), n = first[out].length;
        if (n == 0) return 0;
        int r = 0;
        for (int t = 0; t < n; t++) {
            if (first[out][t] > last[out][t]) continue; // depends on biases only
            final long a = (long) t * inExtent / n, b = ((long) t + 1) * inExtent / n - 1;
            r = (int) Math.max(r, Math.max(a - first[out][t], last[out][t] - b));
        }
        return r;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long lcm(long a, long b) {
        return a / gcd(a, b) * b;
    }

    public int sceneHeight() { return sceneH; }
    public int sceneWidth() { return sceneW; }
    /** Tile extent (the requested one, clamped to the scene). */
    public int tileHeight() { return tileH; }
    public int tileWidth() { return tileW; }
    public int overlap() { return overlap; }

    /** Tiles per scene, row-major. */
    public int tiles() {
        return rows.origin.length * cols.origin.length;
    }

    /** The fewest positions any owned pixel lies from an edge of its tile that is not the scene's edge. */
    public int margin() {
        int m = Integer.MAX_VALUE;
        m = Math.min(m, margin(rows, tileH));
        return Math.min(m, margin(cols, tileW));
    }

    private static int margin(Axis a, int tile) {
        int m = Integer.MAX_VALUE;
        for (int i = 0; i < a.origin.length; i++) {
            if (i > 0) m = Math.min(m, a.from[i] - a.origin[i]);
            if (i < a.origin.length - 1) m = Math.min(m, a.origin[i] + tile - a.to[i]);
        }
        return m;
    }

    /** Copies tile {@code k} of a channels-last {@code scene} with {@code channels} values per pixel into {@code tile}. */
    public void cut(float[] scene, int channels, int k, float[] tile) {
        final int y0 = rows.origin[k / cols.origin.length], x0 = cols.origin[k % cols.origin.length];
        final int run = tileW * channels;
        for (int y = 0; y < tileH; y++) {
            System.arraycopy(scene, ((y0 + y) * sceneW + x0) * channels, tile, y * run, run);
        }
    }

    /** Tile {@code k} of a channels-last scene, as a new array. */
    public float[] cut(float[] scene, int channels, int k) {
        final float[] t = new float[tileH * tileW * channels];
        cut(scene, channels, k, t);
        return t;
    }

    /** Writes the pixels tile {@code k} owns from its per-pixel {@code classes} into the scene's. */
    public void stitch(byte[] classes, int k, byte[] scene) {
        final int r = k / cols.origin.length, c = k % cols.origin.length;
        final int y0 = rows.origin[r], x0 = cols.origin[c];
        final int xf = cols.from[c], len = cols.to[c] - xf;
        for (int y = rows.from[r]; y < rows.to[r]; y++) {
            System.arraycopy(classes, (y - y0) * tileW + xf - x0, scene, y * sceneW + xf, len);
        }
    }

    /** {@code 12 tiles of 64x64 (3 x 4, overlap 16)}. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%d tile%s of %dx%d (%d x %d, overlap %d) per %dx%d scene", tiles(),
            tiles() == 1 ? "" : "s", tileH, tileW, rows.origin.length, cols.origin.length, overlap, sceneH, sceneW);
    }
}
