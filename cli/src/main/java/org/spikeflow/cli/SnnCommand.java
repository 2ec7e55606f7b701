package org.spikeflow.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code snn} command. */
@Command(name = "snn", mixinStandardHelpOptions = true, version = "Spikeflow 0.1.0",
    description = "Event-driven spiking neural network simulator: convert trained ANNs, simulate them event by event,"
        + " and estimate their energy on neuromorphic hardware.",
    subcommands = {DemoCommand.class, TrainCommand.class, FineTuneCommand.class, TrainSnnCommand.class, ConvertCommand.class, ExportCommand.class, SimulateCommand.class, EvaluateCommand.class,
        EnergyCommand.class, InspectCommand.class, RasterCommand.class, BenchCommand.class, SweepCommand.class, InitCommand.class},
    footer = {"", "Exit codes: 0 ok, 1 failure, 2 usage error, 3 invalid model or data.",
        "Examples:", "  snn demo", "  snn convert model.onnx -o net.snn --calibration idx:data/mnist --calibration-split train",
        "  snn simulate net.snn --data idx:data/mnist --timesteps 32 --checkpoints 4,8,16,32 --report r.json"})
public final class SnnCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
