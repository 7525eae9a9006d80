package io.distlock.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

/**
 * The starter ships metadata for every property, with a description and a default, so that IDEs
 * complete and document them.
 */
class ConfigurationMetadataTests {

    private static final List<String> KEYS = List.of("distributed-lock.enabled", "distributed-lock.key-prefix",
            "distributed-lock.wait-time", "distributed-lock.lease-time", "distributed-lock.watchdog.max-hold",
            "distributed-lock.redlock.nodes", "distributed-lock.min-replicas-acked", "distributed-lock.order");

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

    private static String read() throws IOException {
        try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
