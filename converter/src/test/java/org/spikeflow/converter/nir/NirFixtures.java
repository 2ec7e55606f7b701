package org.spikeflow.converter.nir;

import org.spikeflow.data.Dataset;
import org.spikeflow.engine.EncoderKind;
import org.spikeflow.engine.EngineKind;
import org.spikeflow.engine.Engines;
import org.spikeflow.engine.SimulationConfig;
import org.spikeflow.engine.SpikeListener;
import org.spikeflow.graph.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/** Helpers of the NIR tests: CSV traces, seeded spike trains, spike records of both engines. */
final class NirFixtures {
    private NirFixtures() {
    }

    static double[][] csv(Path file) throws IOException {
        List<double[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            double[] r = new double[f.length];
            for (int i = 0; i < f.length; i++) r[i] = Double.parseDouble(f[i].trim());
            rows.add(r);
        }
        return rows.toArray(new double[0][]);
    }

    /** Seeded binary spike trains: {@code samples} x (steps x inputs), each input spiking with probability {@code p}. */
    static Dataset trains(Network net, int samples, int steps, double p, long seed) {
        int n = net.input().size();
        SplittableRandom r = new SplittableRandom(seed);
        float[][] x = new float[samples][steps * n];
        for (float[] s : x) for (int i = 0; i < s.length; i++) s[i] = r.nextDouble() < p ? 1f : 0f;
        return new Dataset("trains", net.input().shape(), x, new int[samples], Math.max(2, net.output().size()));
    }

    /** Spike counts per "sample/step/population" key, from one engine run. */
    static Map<String, int[]> spikes(Network net, Dataset d, int steps, EngineKind engine, int threads) {
        Map<String, int[]> counts = new ConcurrentHashMap<>();
        int[] sizes = new int[net.populations().size()];
        for (var p : net.populations()) sizes[p.id()] = p.size();
        SpikeListener l = (sample, timestep, pop, idx, cnt, n) -> {
            int[] c = new int[sizes[pop]];
            for (int e = 0; e < n; e++) c[idx[e]] += cnt[e];
            counts.put(sample + "/" + timestep + "/" + pop, c);
        };
        SimulationConfig cfg = SimulationConfig.builder().timesteps(steps).encoder(EncoderKind.SPIKE_TRAIN).threads(threads)
            .listener(l).build();
        Engines.create(engine).run(net, d, cfg);
        return counts;
    }

    static long total(Map<String, int[]> m, Network net, String population) {
        int id = net.population(population).id();
        long t = 0;
        for (var e : m.entrySet()) if (e.getKey().endsWith("/" + id)) for (int x : e.getValue()) t += x;
        return t;
    }

    /** First difference between two spike records, or null. */
    static String difference(Map<String, int[]> a, Map<String, int[]> b) {
        for (var e : a.entrySet()) {
            int[] o = b.get(e.getKey());
            int[] v = e.getValue();
            boolean zeroA = Arrays.stream(v).allMatch(x -> x == 0);
            if (o == null ? !zeroA : !Arrays.equals(v, o)) return "at " + e.getKey() + ": " + Arrays.toString(v) + " vs " + Arrays.toString(o);
        }
        for (var e : b.entrySet()) {
            if (!a.containsKey(e.getKey()) && Arrays.stream(e.getValue()).anyMatch(x -> x != 0)) return "only in the second at " + e.getKey();
        }
        return null;
    }
}
