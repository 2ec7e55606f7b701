package org.spikeflow.cli;

import org.spikeflow.converter.ModelLoader;
import org.spikeflow.hardware.Activity;
import org.spikeflow.hardware.DeviceProfile;
import org.spikeflow.hardware.Devices;
import org.spikeflow.hardware.EnergyEstimator;
import org.spikeflow.hardware.EnergyEstimate;
import org.spikeflow.hardware.ProfileLoader;
import org.spikeflow.report.ReportJson;
import org.spikeflow.report.SimulationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code snn energy}: energy and latency per inference from a simulate report (or a network's size). */
@Command(name = "energy", mixinStandardHelpOptions = true,
    description = "Estimate energy per inference on neuromorphic and conventional devices from counted events.",
    footer = {"", "Built-in devices: cpu, gpu, arm, loihi, spinnaker, spinnaker2, loihi-sanafe, asic45nm.",
        "Examples:",
        "  snn energy r.json",
        "  snn energy r.json --devices loihi,spinnaker2,cpu,gpu --report e.json",
        "  snn energy net.snn --devices cpu,gpu            (ANN cost only)",
        "  snn energy r.json --profile mychip.yaml --devices mychip,loihi"})
public final class EnergyCommand implements Callable<Integer> {
    static final List<String> DEFAULT_DEVICES = List.of("cpu", "gpu", "arm", "loihi", "spinnaker", "spinnaker2",
        "loihi-sanafe", "asic45nm");

    @Spec
    CommandSpec spec;
    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "R.json|NET.snn", description = "A report written by 'snn simulate --report', or a network/model file.")
    Path input;

    @Option(names = "--devices", split = ",", paramLabel = "D1,D2", description = "Devices (default: all built-in and profile devices).")
    List<String> devices;

    @Option(names = "--profile", paramLabel = "FILE", description = "YAML or JSON file with user-defined device profiles.")
    Path profile;

    @Option(names = "--report", paramLabel = "E.json", description = "Write the estimate as JSON here.")
    Path report;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write energy_vs_accuracy.png here (needs a simulate report).")
    Path plots;

    @Option(names = "--html", paramLabel = "FILE.html", description = "Write one self-contained HTML page with the table and plot.")
    Path html;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Activity activity;
        SimulationReport simulateReport = null;
        String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".json")) {
            simulateReport = ReportJson.readSimulation(input);
            activity = Activity.fromReport(simulateReport);
        } else {
            activity = Activity.of(ModelLoader.load(input));
        }
        List<DeviceProfile> chosen = profiles(devices, profile);
        EnergyEstimate r = EnergyEstimator.estimate(activity, chosen);
        String table = r.renderTable();
        out.print(table);
        if (plots != null || html != null) {
            if (simulateReport == null) throw new UsageException("--plots and --html need a simulate report (R.json)");
            Path dir = plots != null ? plots : java.nio.file.Files.createTempDirectory("spikeflow-plots");
            java.nio.file.Files.createDirectories(dir);
            Path png = Plots.energyVsAccuracy(simulateReport, chosen, dir);
            if (plots != null) out.println("plot: " + png);
            if (html != null) {
                HtmlReport.write(html, "Energy of " + activity.network(), table, List.of(png));
                out.println("html: " + html);
            }
            if (plots == null) SimulateCommand.deleteTree(dir);
        }
        if (report != null) {
            ReportJson.write(report, r.toReport());
            out.println("report: " + report);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static List<DeviceProfile> profiles(List<String> names, Path profileFile) {
        Map<String, DeviceProfile> all = new LinkedHashMap<>(Devices.builtIn());
        List<String> fromFile = new ArrayList<>();
        if (profileFile != null) {
            for (DeviceProfile p : ProfileLoader.load(profileFile)) {
                all.put(p.name(), p);
                fromFile.add(p.name());
            }
        }
        List<String> wanted = names == null || names.isEmpty() ? new ArrayList<>(DEFAULT_DEVICES) : names;
        if (names == null || names.isEmpty()) {
            for (String f : fromFile) if (!wanted.contains(f)) wanted.add(f);
        }
        List<DeviceProfile> out = new ArrayList<>();
        for (String n : wanted) {
            DeviceProfile p = all.get(n.trim().toLowerCase(Locale.ROOT));
            if (p == null) p = all.get(n.trim());
            if (p == null) throw new UsageException("--devices: unknown device '" + n + "' (known: " + String.join(", ", all.keySet()) + ")");
            out.add(p);
        }
        return out;
    }

    /** The energy estimate of a simulation on the named devices. */
    static EnergyEstimate estimate(SimulationReport simulateReport, List<String> devices, Path profile) {
        return EnergyEstimator.estimate(Activity.fromReport(simulateReport), profiles(devices, profile));
    }
}
