package org.spikeflow.cli;

import picocli.CommandLine;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * picocli's conversion of every mode option to its enum: the constant's name in lower case with dashes
 * ({@code SPIKE_TRAIN} is {@code spike-train}), case-insensitive, underscores accepted, plus a few documented
 * aliases. A value that names no constant is a usage error listing the choices.
 */
final class Enums {
    private Enums() {
    }

    /** The command-line spelling of a constant. */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The choices of {@code type}, as the command line spells them. */
    static String choices(Class<? extends Enum<?>> type) {
        return Arrays.stream(type.getEnumConstants()).map(Enums::name).collect(Collectors.joining(", "));
    }

    static final class Converter<E extends Enum<E>> implements CommandLine.ITypeConverter<E> {
        private final Class<E> type;
        private final Map<String, E> aliases = new LinkedHashMap<>();

        Converter(Class<E> type) {
            this.type = type;
        }

        Converter<E> alias(String name, E value) {
            aliases.put(name, value);
            return this;
        }

        @Override
        public E convert(String value) {
            String v = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            if (aliases.containsKey(v)) return aliases.get(v);
            for (E e : type.getEnumConstants()) if (name(e).equals(v)) return e;
            throw new CommandLine.TypeConversionException("expected one of " + choices(type)
                + (aliases.isEmpty() ? "" : " (or " + String.join(", ", aliases.keySet()) + ")") + ", got '" + value + "'");
        }
    }

    /** Registers the converter of every mode enum the commands use. */
    static void register(CommandLine cmd) {
        cmd.registerConverter(org.spikeflow.engine.EngineKind.class, new Converter<>(org.spikeflow.engine.EngineKind.class));
        cmd.registerConverter(org.spikeflow.engine.ReadoutMode.class, new Converter<>(org.spikeflow.engine.ReadoutMode.class)
            .alias("count", org.spikeflow.engine.ReadoutMode.SPIKE_COUNT));
        cmd.registerConverter(InputCoding.class, new Converter<>(InputCoding.class).alias("direct", InputCoding.ANALOG));
        cmd.registerConverter(org.spikeflow.converter.snn.NormMode.class, new Converter<>(org.spikeflow.converter.snn.NormMode.class)
            .alias("channel", org.spikeflow.converter.snn.NormMode.CHANNEL_PERCENTILE)
            .alias("balancing", org.spikeflow.converter.snn.NormMode.THRESHOLD_BALANCING));
        cmd.registerConverter(org.spikeflow.graph.MaxPoolProjection.Rule.class, new Converter<>(org.spikeflow.graph.MaxPoolProjection.Rule.class)
            .alias("lipool", org.spikeflow.graph.MaxPoolProjection.Rule.RUNNING_MAX));
        cmd.registerConverter(org.spikeflow.converter.snn.BurstCalibration.class,
            new Converter<>(org.spikeflow.converter.snn.BurstCalibration.class));
        cmd.registerConverter(org.spikeflow.graph.ResetMode.class, new Converter<>(org.spikeflow.graph.ResetMode.class));
        cmd.registerConverter(org.spikeflow.converter.snn.OutputMode.class, new Converter<>(org.spikeflow.converter.snn.OutputMode.class));
        cmd.registerConverter(org.spikeflow.graph.NeuronModel.class, new Converter<>(org.spikeflow.graph.NeuronModel.class));
        cmd.registerConverter(org.spikeflow.training.Arch.class, new Converter<>(org.spikeflow.training.Arch.class));
        cmd.registerConverter(org.spikeflow.training.Optimizer.class, new Converter<>(org.spikeflow.training.Optimizer.class));
        cmd.registerConverter(org.spikeflow.training.snn.SnnLoss.class, new Converter<>(org.spikeflow.training.snn.SnnLoss.class));
        cmd.registerConverter(org.spikeflow.training.snn.Surrogate.class, new Converter<>(org.spikeflow.training.snn.Surrogate.class));
        cmd.registerConverter(org.spikeflow.bench.EngineBenchmark.NetworkKind.class, new Converter<>(org.spikeflow.bench.EngineBenchmark.NetworkKind.class));
        cmd.registerConverter(org.spikeflow.converter.nir.Discretization.class, new Converter<>(org.spikeflow.converter.nir.Discretization.class));
        cmd.registerConverter(org.spikeflow.data.spec.Split.class, new Converter<>(org.spikeflow.data.spec.Split.class));
    }
}
