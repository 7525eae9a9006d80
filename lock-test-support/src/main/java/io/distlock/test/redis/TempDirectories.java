package io.distlock.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Creates temporary directories that are registered for cleanup, and deletes directory trees. */
final class TempDirectories {

    private TempDirectories() {
    }

    /** Creates a new temporary directory that {@link ProcessRegistry} deletes at JVM exit at the latest. */
    static Path create(String prefix) {
        try {
            Path directory = Files.createTempDirectory(prefix);
            ProcessRegistry.registerDirectory(directory);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory", e);
        }
    }

    /** Deletes a directory tree, ignoring files that cannot be deleted. */
    static void deleteRecursively(Path directory) {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(directory)) {
            paths = walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList());
        } catch (IOException | UncheckedIOException e) {
            return;
        }
        for (Path path : paths) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort: a file still being written by a dying process is removed by the next attempt
            }
        }
    }
}
