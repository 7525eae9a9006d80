package io.distlock.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

/**
 * The starter ships metadata for every property, with a description and a default, so that IDEs
 * complete and document them; the README's properties table lists exactly those, with the same
 * defaults.
 */
class ConfigurationMetadataTests {

    private static final List<String> KEYS = List.of("distributed-lock.enabled", "distributed-lock.key-prefix",
            "distributed-lock.wait-time", "distributed-lock.lease-time", "distributed-lock.watchdog.max-hold",
            "distributed-lock.redlock.nodes", "distributed-lock.redlock.node-timeout",
            "distributed-lock.min-replicas-acked", "distributed-lock.replica-ack-timeout", "distributed-lock.order");

    private static final Pattern README_ROW = Pattern.compile("^\\| `(distributed-lock\\.[a-z.-]+)` \\| ([^|]+) \\|",
            Pattern.MULTILINE);

    @Test
    void describesEveryPropertyWithItsDefault() throws IOException {
        List<Map<String, Object>> properties = JsonPath.read(read(), "$.properties[*]");
        List<Map<String, Object>> ours = properties.stream().filter((property) -> KEYS.contains(property.get("name")))
            .toList();
        assertThat(ours).extracting((property) -> property.get("name")).containsExactlyInAnyOrderElementsOf(KEYS);
        assertThat(ours).allSatisfy((property) -> {
            assertThat(property.get("description")).as("description of %s", property.get("name")).isNotNull();
            assertThat(property).as("default of %s", property.get("name")).containsKey("defaultValue");
        });
        assertThat(ours).filteredOn((property) -> property.get("name").equals("distributed-lock.wait-time"))
            .singleElement()
            .satisfies((property) -> assertThat(property.get("defaultValue")).isEqualTo("5s"));
    }

    @Test
    void readmeTableListsEveryPropertyWithTheDefaultOfTheMetadata() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        Map<String, String> documented = new TreeMap<>();
        Matcher row = README_ROW.matcher(readme);
        while (row.find()) {
            documented.put(row.group(1), row.group(2).trim().replace("`", ""));
        }
        List<Map<String, Object>> properties = JsonPath.read(read(), "$.properties[*]");
        Map<String, String> metadata = new TreeMap<>();
        properties.stream().filter((property) -> property.get("name").toString().startsWith("distributed-lock."))
            .forEach((property) -> metadata.put(property.get("name").toString(), shown(property.get("defaultValue"))));
        assertThat(documented).isEqualTo(metadata);
    }

    private static String shown(Object defaultValue) {
        if (defaultValue == null) {
            return "none";
        }
        if (defaultValue instanceof List<?> list && list.isEmpty()) {
            return "empty";
        }
        return String.valueOf(defaultValue);
    }

    private static String read() throws IOException {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
