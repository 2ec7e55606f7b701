package org.spikeflow.cli.fuzz;

import org.spikeflow.cli.Main;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Drives mutated inputs of every format through the real commands and counts what must never happen: a thrown
 * {@link Throwable} escaping the command (a JVM-level failure in process), a run longer than 60 s, out of memory,
 * a stack trace without {@code --verbose}, an exit code other than 0, 2 or 3, and output files left behind by a
 * failed run. Commands run in process ({@link Main#run}); with {@code --spawn K} the first K mutants of each format
 * also run in a child JVM with the harness's heap limit, which catches JVM crashes and exit codes as a shell sees them.
 * <pre>
 *   java -Xmx2g $(cat cli/target/classes/spikeflow-jvm.flags) -cp ... org.spikeflow.cli.fuzz.MutationHarness \
 *       --per-format 1000 [--formats onnx,hdf5,keras,snn,idx,npz,profile,report,nir] [--seed S] [--spawn K] [--work DIR]
 *       [--pause-while FILE]
 * </pre>
 * The fixtures come from {@code ../shared/fixtures}; failing inputs are kept under {@code WORK/failures/FORMAT}, and the
 * distinct first lines of every refusal (exit 2 or 3; the input's path written INPUT, numbers N) with their counts in
 * {@code WORK/messages/FORMAT.txt}; a refusal as bad input that does not name the input file counts as {@code unnamed}.
 */
public final class MutationHarness {
    private static final long TIMEOUT_S = 60;
    private static Path PAUSE;
    private static final Pattern STACK = Pattern.compile("(?m)^\\s+at [\\w.$/<>]+\\(|Exception in thread|^Caused by: ");

    /** What one mutant's run ended in; {@code UNNAMED}: refused as bad input (exit 3) without naming the input file. */
    enum Outcome { EXIT_0, EXIT_2, EXIT_3, EXIT_1, EXIT_OTHER, STACK_TRACE, OUT_OF_MEMORY, HANG, THROWN, LEFTOVER, UNNAMED, JVM_CRASH }

    private MutationHarness() {
    }

    public static void main(String[] args) throws Exception {
        int perFormat = 1000;
        long seed = 12;
        int spawn = 0;
        List<String> formats = List.of("onnx", "hdf5", "keras", "snn", "idx", "npz", "profile", "report", "nir");
        Path work = Paths.get("target", "mutation-harness");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--per-format" -> perFormat = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--spawn" -> spawn = Integer.parseInt(args[++i]);
                case "--formats" -> formats = List.of(args[++i].split(","));
                case "--work" -> work = Paths.get(args[++i]);
                case "--pause-while" -> PAUSE = Paths.get(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path shared = Fixtures.shared().orElseThrow(() -> new IllegalStateException("../shared/fixtures is not present"));
        deleteTree(work);
        Files.createDirectories(work);
        Fixtures fx = Fixtures.prepare(shared, work.resolve("base"));
        Map<String, Map<Outcome, Integer>> table = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (String f : formats) {
            Format format = Format.of(f, fx);
            table.put(f, run(format, perFormat, seed, spawn, work));
            print(table, System.out);
        }
        System.out.printf(Locale.ROOT, "%d formats x %d mutants in %.0f s (heap limit %d MiB)%n", formats.size(), perFormat,
            (System.nanoTime() - start) / 1e9, Runtime.getRuntime().maxMemory() >> 20);
        System.exit(0);
    }

    static Map<Outcome, Integer> run(Format format, int n, long seed, int spawn, Path work) throws Exception {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) counts.put(o, 0);
        SplittableRandom r = new SplittableRandom(seed ^ format.name().hashCode());
        Path inputs = work.resolve("inputs").resolve(format.name());
        Path out = work.resolve("out");
        Path failures = work.resolve("failures").resolve(format.name());
        Files.createDirectories(inputs);
        ExecutorService exec = Executors.newSingleThreadExecutor(daemon());
        Map<String, Integer> messages = new java.util.TreeMap<>();
        for (int i = 0; i < n; i++) {
            // a file named by --pause-while (e.g. a lock held during speed measurements) pauses the run
            while (PAUSE != null && Files.exists(PAUSE)) Thread.sleep(5000);
            deleteTree(inputs);
            Files.createDirectories(inputs);
            deleteTree(out);
            Files.createDirectories(out);
            Path input = format.mutant(r.split(), inputs);
            String[] cmd = format.command(input, out);
            List<Outcome> bad = new ArrayList<>();
            StringWriter err = new StringWriter();
            StringWriter so = new StringWriter();
            Future<Integer> f = exec.submit(() -> Main.run(new PrintWriter(so, true), new PrintWriter(err, true), cmd));
            int code;
            try {
                code = f.get(TIMEOUT_S, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                exec.shutdownNow();
                exec = Executors.newSingleThreadExecutor(daemon());
                code = -1;
                bad.add(Outcome.HANG);
            } catch (java.util.concurrent.ExecutionException e) {
                code = -1;
                err.write("\n" + e.getCause());
                bad.add(e.getCause() instanceof OutOfMemoryError ? Outcome.OUT_OF_MEMORY : Outcome.THROWN);
            }
            String e = err.toString();
            if (code >= 0) {
                counts.merge(switch (code) {
                    case 0 -> Outcome.EXIT_0;
                    case 1 -> Outcome.EXIT_1;
                    case 2 -> Outcome.EXIT_2;
                    case 3 -> Outcome.EXIT_3;
                    default -> Outcome.EXIT_OTHER;
                }, 1, Integer::sum);
                if (code == 1 || code > 3) bad.add(code == 1 ? Outcome.EXIT_1 : Outcome.EXIT_OTHER);
                if (e.contains("out of memory")) bad.add(Outcome.OUT_OF_MEMORY);
                if (code == 3 && !e.contains(input.toString())) bad.add(Outcome.UNNAMED);
                if (code == 2 || code == 3) {
                    String first = e.lines().findFirst().orElse("").replace(input.toString(), "INPUT")
                        .replace(work.toString(), "WORK").replaceAll("\\d+", "N");
                    messages.merge(first, 1, Integer::sum);
                }
            }
            if (STACK.matcher(e).find() || STACK.matcher(so.toString()).find()) bad.add(Outcome.STACK_TRACE);
            if (code != 0 && !bad.contains(Outcome.HANG) && !isEmpty(out)) bad.add(Outcome.LEFTOVER);
            if (i < spawn) {
                Outcome child = spawn(cmd, work);
                if (child != null) bad.add(child);
            }
            for (Outcome o : bad) {
                if (o != Outcome.EXIT_1 && o != Outcome.EXIT_OTHER) counts.merge(o, 1, Integer::sum);
            }
            if (!bad.isEmpty()) {
                Files.createDirectories(failures);
                Path kept = failures.resolve(i + "-" + input.getFileName());
                copyTree(input, kept);
                if (counts.get(Outcome.EXIT_1) + counts.get(Outcome.STACK_TRACE) + counts.get(Outcome.THROWN) < 40) {
                    System.out.println("[" + format.name() + " #" + i + "] " + bad + " exit " + code + " " + kept + "\n  "
                        + e.lines().limit(4).reduce("", (a, b) -> a + b + "\n  "));
                }
            }
        }
        exec.shutdownNow();
        // the distinct first lines of the refusals (input path as INPUT, numbers as N), to read them all at once
        Path list = work.resolve("messages").resolve(format.name() + ".txt");
        Files.createDirectories(list.getParent());
        StringBuilder b = new StringBuilder();
        messages.forEach((m, c) -> b.append(String.format(Locale.ROOT, "%6d  %s%n", c, m)));
        Files.writeString(list, b);
        return counts;
    }

    /** Runs the command in a child JVM (same heap limit and flags); the outcome if it is a failure, else null. */
    private static Outcome spawn(String[] cmd, Path work) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        argv.add("-cp");
        StringBuilder cp = new StringBuilder();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (cp.length() > 0) cp.append(java.io.File.pathSeparator);
            cp.append(Paths.get(e).toAbsolutePath());
        }
        argv.add(cp.toString());
        argv.add(Main.class.getName());
        argv.addAll(List.of(cmd));
        Path log = work.resolve("child.log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
            .directory(work.toFile()).start();
        if (!p.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return Outcome.HANG;
        }
        String text = Files.readString(log);
        try (Stream<Path> s = Files.list(work)) {
            if (s.anyMatch(x -> x.getFileName().toString().startsWith("hs_err"))) return Outcome.JVM_CRASH;
        }
        int code = p.exitValue();
        if (code > 3 || code == 1) return text.contains("OutOfMemoryError") || text.contains("out of memory") ? Outcome.OUT_OF_MEMORY
            : code > 128 ? Outcome.JVM_CRASH : Outcome.EXIT_OTHER;
        if (STACK.matcher(text).find()) return Outcome.STACK_TRACE;
        return null;
    }

    static void print(Map<String, Map<Outcome, Integer>> table, java.io.PrintStream out) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-8s", "format"));
        for (Outcome o : Outcome.values()) b.append(String.format(Locale.ROOT, " %13s", o.name().toLowerCase(Locale.ROOT)));
        out.println(b);
        for (var e : table.entrySet()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-8s", e.getKey()));
            for (Outcome o : Outcome.values()) row.append(String.format(Locale.ROOT, " %13d", e.getValue().get(o)));
            out.println(row);
        }
        out.flush();
    }

    private static java.util.concurrent.ThreadFactory daemon() {
        return task -> {
            Thread t = new Thread(task, "mutant");
            t.setDaemon(true);
            return t;
        };
    }

    static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.noneMatch(Files::isRegularFile);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        if (Files.isDirectory(from)) {
            try (Stream<Path> s = Files.walk(from)) {
                for (Path x : s.toList()) {
                    Path t = to.resolve(from.relativize(x).toString());
                    if (Files.isDirectory(x)) Files.createDirectories(t);
                    else Files.copy(x, t, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } else {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
