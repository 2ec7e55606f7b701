package org.spikeflow.sweep;

import org.spikeflow.io.AtomicFiles;
import org.spikeflow.report.ReportException;
import org.spikeflow.report.ReportJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * The sweep's output directory, which is also its memory: every converted network and every task result is a file
 * named by its key, written atomically, so a sweep that stops (interrupted, or with failed tasks) leaves only
 * whole results behind and the next run does only what is missing.
 * <pre>
 * DIR/networks/CONVERSION_KEY.snn
 * DIR/results/CONFIGURATION_KEY/shard-I-of-N.json
 * DIR/table.csv, DIR/table.json, DIR/report.html, DIR/plots/
 * </pre>
 */
public final class ResultStore {
    private final Path dir;

    public ResultStore(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    public Path dir() {
        return dir;
    }

    public Path network(String conversionKey) {
        return dir.resolve("networks").resolve(conversionKey + ".snn");
    }

    public Path shard(String configurationKey, int shard, int shards) {
        return dir.resolve("results").resolve(configurationKey)
            .resolve(String.format(Locale.ROOT, "shard-%d-of-%d.json", shard + 1, shards));
    }

    public boolean hasNetwork(String conversionKey) {
        return Files.isRegularFile(network(conversionKey));
    }

    public byte[] readNetwork(String conversionKey) {
        try {
            return Files.readAllBytes(network(conversionKey));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + network(conversionKey) + ": " + e.getMessage(), e);
        }
    }

    public void writeNetwork(String conversionKey, byte[] bytes) {
        try {
            AtomicFiles.writeBytes(network(conversionKey), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + network(conversionKey) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The stored result of one shard of {@code c}, if there is one that fits it (a file from another format version
     * or an unreadable one counts as missing and is computed again).
     */
    public Optional<ShardResult> readShard(Configuration c, int shard) {
        Path f = shard(c.key(), shard, c.shards());
        if (!Files.isRegularFile(f)) return Optional.empty();
        try {
            ShardResult r = ReportJson.read(f, ShardResult.class, "sweep result");
            return r.fits(c.key(), shard, c.shards(), c.simulation().timesteps()) ? Optional.of(r) : Optional.empty();
        } catch (ReportException e) {
            return Optional.empty();
        }
    }

    public void writeShard(ShardResult r) {
        Path f = shard(r.configurationKey(), r.shard(), r.shards());
        try {
            ReportJson.write(f, r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }
}
