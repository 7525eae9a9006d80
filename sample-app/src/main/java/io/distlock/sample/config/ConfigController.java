package io.distlock.sample.config;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop's settings over HTTP: {@code GET /api/config} (current values and history),
 * {@code PUT /api/config/{name}} {@code {"value": "..."}}.
 */
@RestController
public class ConfigController {

    private final ConfigService service;

    /**
     * Creates the controller.
     * @param service serialised writers
     */
    public ConfigController(ConfigService service) {
        this.service = service;
    }

    /**
     * The settings.
     * @return current values and every revision
     */
    @GetMapping("/api/config")
    public Settings settings() {
        return new Settings(service.current(), service.history());
    }

    /**
     * Changes a setting.
     * @param name the setting
     * @param body its new value
     * @return the revision written
     */
    @PutMapping("/api/config/{name}")
    public ConfigRevision update(@PathVariable String name, @RequestBody ConfigValue body) {
        return service.update(name, body.value());
    }

    /**
     * The settings.
     * @param current setting name to its newest value
     * @param history every revision, oldest first
     */
    public record Settings(Map<String, String> current, List<ConfigRevision> history) {
    }
}
