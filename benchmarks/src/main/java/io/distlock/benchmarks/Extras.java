package io.distlock.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import com.google.gson.Gson;

/**
 * Measurements JMH does not take itself (handoffs, acquire waits, the mutual-exclusion check),
 * appended by the forked benchmark JVMs as one JSON object per line to the file named by the
 * system property {@value #PROPERTY} (default {@value #DEFAULT}, so that plain {@code jmh} runs
 * leave the recorded results alone).
 */
public final class Extras {

    /** The system property naming the file. */
    public static final String PROPERTY = "distlock.bench.extras";

    /** The file used when the property is not set. */
    public static final String DEFAULT = "benchmarks/target/extras.jsonl";

    private static final Gson GSON = new Gson();

    private Extras() {
    }

    /** The file the extras go to. */
    public static Path file() {
        return Path.of(System.getProperty(PROPERTY, DEFAULT));
    }

    /** Appends one record. */
    public static synchronized void append(Map<String, Object> record) {
        Path file = file();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, GSON.toJson(record) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot write " + file, ex);
        }
    }
}
