package io.yikou.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared reference material (real public datasets, Asterisk transcripts, protocol test
 * vectors) that lives beside the repository in {@code ../shared} and is never copied into it.
 *
 * <p>The directory is the {@code yikou.shared.dir} system property when set, else {@code ../shared}
 * next to the repository root. Tests that need it call {@link #require}, which skips the test with
 * a message when the directory is absent.
 */
public final class SharedData {

    private SharedData() {
    }

    /** Returns the shared directory, if present. */
    public static java.util.Optional<Path> root() {
        String configured = System.getProperty("yikou.shared.dir", "");
        if (!configured.isBlank()) {
            Path dir = Path.of(configured);
            return Files.isDirectory(dir) ? java.util.Optional.of(dir) : java.util.Optional.empty();
        }
        String repo = System.getProperty("yikou.repo.dir", "");
        Path start = repo.isBlank() ? Path.of("").toAbsolutePath() : Path.of(repo).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("data")) || Files.isDirectory(candidate.resolve("fixtures"))) {
                return java.util.Optional.of(candidate);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Returns a path under the shared directory, skipping the calling test when it is missing.
     *
     * @param relative such as {@code data/beijing-dongcheng-geo/dongcheng_streets_wgs84.geojson}
     */
    public static Path require(String relative) {
        java.util.Optional<Path> root = root();
        Assumptions.assumeTrue(root.isPresent(),
                "Skipped: the shared reference directory (../shared beside the checkout, or -Dyikou.shared.dir)"
                        + " is not present, so " + relative + " cannot be read");
        Path path = root.get().resolve(relative);
        Assumptions.assumeTrue(Files.exists(path), "Skipped: " + path + " is missing from the shared directory");
        return path;
    }
}
