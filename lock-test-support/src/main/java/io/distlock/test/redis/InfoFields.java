package io.distlock.test.redis;

import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the {@code field:value} lines of an {@code INFO} reply. */
final class InfoFields {

    private InfoFields() {
    }

    static Map<String, String> parse(String info) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("#")) {
                fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        return fields;
    }
}
