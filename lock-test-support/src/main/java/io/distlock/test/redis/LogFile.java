package io.distlock.test.redis;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Reads the end of a (possibly still growing) log file. */
final class LogFile {

    private static final int MAX_TAIL_BYTES = 256 * 1024;

    private LogFile() {
    }

    /** The current size of the file, 0 if it does not exist. */
    static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The text written after {@code offset}, at most 256 KiB of it. */
    static String readFrom(Path file, long offset) {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(offset, in.length() - MAX_TAIL_BYTES);
            byte[] bytes = new byte[(int) Math.max(0, in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** The last {@code lines} lines of the file, joined with newlines. */
    static String tail(Path file, int lines) {
        List<String> all = Arrays.asList(readFrom(file, 0).split("\r?\n"));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
