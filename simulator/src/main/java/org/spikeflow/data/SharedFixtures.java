package org.spikeflow.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Locates the shared fixtures and datasets that sit beside the project root ({@code ../shared}), used by
 * tests and by measurement runs. The root comes from the {@code spikeflow.root} system property (set by the
 * build) or is found by walking up from the working directory to the directory holding the parent pom.
 */
public final class SharedFixtures {
    private SharedFixtures() {
    }

    public static Optional<Path> projectRoot() {
        String prop = System.getProperty("spikeflow.root");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Paths.get(prop))) {
            return Optional.of(Paths.get(prop).toAbsolutePath().normalize());
        }
        Path p = Paths.get("").toAbsolutePath();
        while (p != null) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("simulator"))) return Optional.of(p);
            p = p.getParent();
        }
        return Optional.empty();
    }

    /** {@code ../shared} relative to the project root, if present. */
    public static Optional<Path> shared() {
        return projectRoot().map(r -> r.resolveSibling("shared")).filter(Files::isDirectory);
    }

    /** A file or directory under {@code ../shared}, if present. */
    public static Optional<Path> resolve(String relative) {
        return shared().map(s -> s.resolve(relative)).filter(Files::exists);
    }
}
