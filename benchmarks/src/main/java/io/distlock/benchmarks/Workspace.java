package io.distlock.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where results and reports go: the repository root is the working directory when it holds
 * {@code benchmarks/pom.xml}, its parent when the working directory is the module itself.
 */
final class Workspace {

    final Path root;

    private Workspace(Path root) {
        this.root = root;
    }

    static Workspace detect() {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.exists(cwd.resolve("benchmarks/pom.xml"))) {
            return new Workspace(cwd);
        }
        if (cwd.getFileName() != null && cwd.getFileName().toString().equals("benchmarks")
                && Files.exists(cwd.resolve("pom.xml"))) {
            return new Workspace(cwd.getParent());
        }
        throw new IllegalStateException("Run from the repository root (the folder with benchmarks/pom.xml), not " + cwd);
    }

    Path module() {
        return this.root.resolve("benchmarks");
    }

    Path results() {
        return module().resolve("results");
    }

    Path jmhJson() {
        return results().resolve("jmh.json");
    }

    Path extras() {
        return results().resolve("extras.jsonl");
    }

    Path commands() {
        return results().resolve("commands.json");
    }

    Path watchdog() {
        return results().resolve("watchdog.json");
    }

    Path machine() {
        return results().resolve("machine.json");
    }

    Path recordedRatios() {
        return module().resolve("recorded-ratios.properties");
    }

    Path chart() {
        return module().resolve("docs/benchmarks.png");
    }

    Path benchmarksMd() {
        return this.root.resolve("BENCHMARKS.md");
    }
}
