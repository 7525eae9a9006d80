package io.distlock.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import io.distlock.test.redis.RedisServer;

/** Reads {@code INFO} sections of a {@link RedisServer} as {@code field -> value}. */
final class Info {

    private Info() {
    }

    static Map<String, String> section(RedisServer server, String section) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : server.info(section).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (!line.startsWith("#") && colon > 0) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    /** Server CPU time (user plus system) in milliseconds. */
    static double serverCpuMillis(RedisServer server) {
        Map<String, String> cpu = section(server, "cpu");
        return (Double.parseDouble(cpu.get("used_cpu_user")) + Double.parseDouble(cpu.get("used_cpu_sys"))) * 1000;
    }
}
