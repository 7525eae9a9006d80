package io.distlock.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Formats redis.conf lines and writes the config file of a test server. */
final class RedisConfigFile {

    private RedisConfigFile() {
    }

    /** One directive, with values quoted the way redis.conf expects when they are empty or contain blanks or quotes. */
    static String line(String name, String... values) {
        if (name == null || name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Invalid config directive name: '" + name + "'");
        }
        StringBuilder line = new StringBuilder(name);
        for (String value : values) {
            line.append(' ').append(quote(value));
        }
        return line.toString();
    }

    /** The lines every test server starts with; callers' lines follow and may override them. */
    static List<String> baseLines(int port, Path directory) {
        List<String> lines = new ArrayList<>();
        lines.add("# written by distlock lock-test-support");
        lines.add(line("port", Integer.toString(port)));
        lines.add(line("bind", RedisServer.HOST));
        lines.add(line("protected-mode", "no"));
        lines.add(line("daemonize", "no"));
        lines.add(line("save", ""));
        lines.add(line("appendonly", "no"));
        lines.add(line("dir", directory.toString()));
        lines.add(line("logfile", ""));
        return lines;
    }

    static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    private static String quote(String value) {
        boolean plain = !value.isEmpty() && value.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\');
        if (plain) {
            return value;
        }
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + '"';
    }
}
