package io.distlock.sample.config;

/**
 * The body of {@code PUT /api/config/{name}}.
 *
 * @param value the setting's new value
 */
public record ConfigValue(String value) {
}
