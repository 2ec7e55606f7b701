package org.spikeflow.cli;

import org.spikeflow.sweep.Configuration;
import org.spikeflow.sweep.LocalExecutor;
import org.spikeflow.sweep.Plan;
import org.spikeflow.sweep.ResultStore;
import org.spikeflow.sweep.Study;
import org.spikeflow.sweep.StudyException;
import org.spikeflow.sweep.StudyFile;
import org.spikeflow.sweep.Sweep;
import org.spikeflow.sweep.SweepExecutor;
import org.spikeflow.sweep.SweepExecutorProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code snn sweep}: a whole study from one file. Without {@code --master} it runs in this JVM (no set-up); with a
 * Spark master URL it needs the Spark runner of module sweep-spark on the class path (spark-submit, see README).
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = {"Run a study: expand the grid of a study file (models x conversion x simulation settings), convert and"
        + " simulate what the results store does not hold yet, and write one tidy table (table.csv, table.json: a row per"
        + " configuration and checkpoint T with accuracy, spikes, synops, mean decision time and energy per device), plots"
        + " and report.html.",
        "Calibration is shared per model and calibration set, conversion per conversion setting, and one simulation per"
        + " simulation setting answers every checkpoint T up to its largest. Results are kept per (configuration, shard) under"
        + " the configuration's hash, so running the same command again after an interruption or a failure does only what is missing."},
    footer = {"", "Examples:",
        "  snn sweep study.yaml",
        "  snn sweep study.yaml --out runs/latency --workers 2",
        "  snn sweep study.yaml --dry-run",
        "  spark-submit --class org.spikeflow.sweep.spark.SparkSweepMain --master spark://HOST:7077 --jars snn.jar sweep-spark.jar study.yaml --out /shared/latency   (see README)"})
public final class SweepCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "STUDY.yaml", description = "The study file (format in the README).")
    Path study;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", description = "Output directory and results store. Default: STUDY-sweep"
        + " beside the study file.")
    Path out;

    @Option(names = "--master", paramLabel = "URL", description = "Run on Apache Spark: local[N], spark://HOST:PORT, yarn, k8s://..."
        + " (needs the Spark runner: spark-submit with module sweep-spark). Without it the sweep runs in this JVM.")
    String master;

    @Option(names = "--workers", paramLabel = "N", description = "Tasks run at once in this JVM. Default: processors / --threads.")
    Integer workers;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
        description = "Engine (and calibration) threads per task; results do not depend on it. Default: ${DEFAULT-VALUE}.")
    int threads;

    @Option(names = "--dry-run", description = "Expand and check the study, list its configurations and what is stored, run nothing.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 1) throw new UsageException("--threads must be >= 1, got " + threads);
        if (workers != null && workers < 1) throw new UsageException("--workers must be >= 1, got " + workers);
        // a cluster runner that is not there is found before the study's files are opened
        SweepExecutorProvider provider = master == null ? null : provider();
        Plan plan;
        try {
            plan = Plan.of(StudyFile.read(study));
        } catch (StudyException e) {
            throw new UsageException(e.getMessage());
        }
        Study s = plan.study();
        ResultStore store = new ResultStore(this.out != null ? this.out : defaultOut(study));
        printPlan(out, plan, store);
        if (dryRun) {
            for (Configuration c : plan.configurations()) {
                int stored = 0;
                for (int i = 0; i < c.shards(); i++) if (store.readShard(c, i).isPresent()) stored++;
                out.printf(Locale.ROOT, "  %s  %-60s %d/%d shards stored%n", c.key(), c.name(), stored, c.shards());
            }
            out.flush();
            return ExitCodes.OK;
        }
        Sweep.Outcome outcome;
        try (SweepExecutor executor = executor(provider, s); SweepProgress progress = new SweepProgress(out, err)) {
            outcome = Sweep.run(plan, store, executor, threads, progress);
        }
        List<Path> pngs = SweepReport.write(store.dir(), outcome, plan);
        out.printf(Locale.ROOT, "table: %s, %s (%d rows)%n", store.dir().resolve("table.csv"), store.dir().resolve("table.json"),
            outcome.table().rows().size());
        out.printf(Locale.ROOT, "html: %s (%d plots in %s)%n", store.dir().resolve("report.html"), pngs.size(), store.dir().resolve("plots"));
        Sweep.Summary sum = outcome.summary();
        out.printf(Locale.ROOT, "done in %s: %d of %d configurations complete (%d from the store); %d simulation tasks run, %d from the store%n",
            Progress.formatSeconds(outcome.wallSeconds()), outcome.table().configurations().size(), sum.configurations(), sum.complete(),
            sum.tasks() - outcome.failures().stream().filter(f -> f.what().startsWith("simulation")).count(), sum.storedTasks());
        out.flush();
        if (!outcome.failures().isEmpty()) {
            err.printf(Locale.ROOT, "snn sweep: %d task(s) failed, %d configuration(s) incomplete; run the same command again to retry"
                + " them (finished results are kept)%n", outcome.failures().size(), outcome.missing().size());
            err.flush();
            return ExitCodes.FAILURE;
        }
        return ExitCodes.OK;
    }

    static Path defaultOut(Path study) {
        String n = study.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return study.toAbsolutePath().resolveSibling((dot > 0 ? n.substring(0, dot) : n) + "-sweep");
    }

    private SweepExecutorProvider provider() {
        if (workers != null) throw new UsageException("--workers is for in-process sweeps; with --master the cluster decides (executor cores)");
        return SweepExecutorProvider.find(master).orElseThrow(() -> new UsageException("--master " + master
            + ": no Spark runner on the class path; without --master the sweep runs in this JVM, for Spark submit module"
            + " sweep-spark (spark-submit --class org.spikeflow.sweep.spark.SparkSweepMain ..., see README)"));
    }

    private SweepExecutor executor(SweepExecutorProvider provider, Study s) {
        if (provider != null) return provider.open(master, "spikeflow sweep " + s.name());
        int n = workers != null ? workers : Math.max(1, Runtime.getRuntime().availableProcessors() / threads);
        return new LocalExecutor(n);
    }

    private static void printPlan(PrintWriter out, Plan plan, ResultStore store) {
        Study s = plan.study();
        long tasks = plan.configurations().stream().mapToLong(Configuration::shards).sum();
        long calibrations = plan.configurations().stream().map(Configuration::calibrationKey).distinct().count();
        long conversions = plan.configurations().stream().map(Configuration::conversionKey).distinct().count();
        out.printf(Locale.ROOT, "study %s (%s): %s, %s%s: %s, %s, %s%n",
            s.name(), study(s), count(s.models().size(), "model"), count(plan.configurations().size(), "configuration"),
            plan.duplicates() == 0 ? "" : plan.duplicates() == 1 ? " (1 grid point repeats another's settings)"
                : " (" + plan.duplicates() + " grid points repeat others' settings)", count(calibrations, "calibration"),
            count(conversions, "conversion"), count(tasks, "simulation task"));
        out.printf(Locale.ROOT, "devices: %s; store: %s%n", s.devices().isEmpty() ? "none"
            : String.join(", ", s.devices().stream().map(d -> d.name()).toList()), store.dir());
        out.flush();
    }

    /** {@code 1 model}, {@code 2 models}. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String study(Study s) {
        return s.file().getFileName().toString();
    }
}
