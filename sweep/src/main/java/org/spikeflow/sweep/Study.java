package org.spikeflow.sweep;

import org.spikeflow.hardware.DeviceProfile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A study file as read: models, the data settings, the grid points of the conversion and simulation sections
 * (each a mapping of the keys the study gives to one raw value), and the devices for energy. Values are checked
 * and typed when {@link Plan#expand} combines them into configurations, so that a bad value is reported with the
 * configuration it would have made.
 *
 * @param file        the study file (messages name it; relative paths in it are resolved against its directory)
 * @param name        the study's title ({@code name}, or the file name)
 * @param conversions grid points of {@code convert}, in the order the grids list them
 * @param simulations grid points of {@code simulate}
 * @param devices     energy models, built-in or from {@code device_profiles}, in the order the study names them
 */
public record Study(Path file, String name, List<ModelSpec> models, DataSettings data, List<GridPoint> conversions,
                    List<GridPoint> simulations, List<DeviceProfile> devices) {

    public Study {
        models = List.copyOf(models);
        conversions = List.copyOf(conversions);
        simulations = List.copyOf(simulations);
        devices = List.copyOf(devices);
    }

    /**
     * One point of a grid: every key the grid gives, with one of its values.
     *
     * @param origin where it comes from ({@code convert}, {@code convert[1]}, ...)
     * @param values key to raw value (as SnakeYAML read it), in the order the study writes the keys
     */
    public record GridPoint(String origin, Map<String, Object> values) {
        public GridPoint {
            values = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(values));
        }

        /** {@code key=value} for every key the study gives, the way configuration names show them. */
        public String describe() {
            StringBuilder sb = new StringBuilder();
            values.forEach((k, v) -> {
                if (sb.length() > 0) sb.append(' ');
                sb.append(k).append('=').append(k.equals("timesteps") ? StudyFile.describeTimesteps(v) : Values.plain(v));
            });
            return sb.toString();
        }
    }
}
