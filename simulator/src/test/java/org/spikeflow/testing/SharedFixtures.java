package org.spikeflow.testing;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Locates the shared fixtures and datasets beside the project root ({@code ../shared}) for tests. The root comes
 * from the {@code spikeflow.root} system property (set by the build) or is found by walking up from the working
 * directory to the directory holding the parent pom. {@link #require} skips a test when a fixture is absent,
 * except in CI ({@code CI=true}), where a missing fixture fails the test: the strongest checks never pass
 * silently because their inputs went missing.
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

    /** True when running in CI, where missing fixtures are failures. */
    public static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /**
     * The fixture at {@code relative} under {@code ../shared}; when it is missing the calling test is skipped with
     * the reason, or fails in CI.
     */
    public static Path require(String relative) {
        Optional<Path> p = resolve(relative);
        if (p.isPresent()) return p.get();
        String reason = "../shared/" + relative + " is not present beside the project";
        if (inCi()) Assertions.fail(reason + " (CI=true: shared fixtures must be there)");
        Assumptions.abort(reason + ": skipping");
        throw new IllegalStateException("unreachable");
    }
}
