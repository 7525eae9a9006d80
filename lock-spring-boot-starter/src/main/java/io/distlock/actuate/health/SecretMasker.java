package io.distlock.actuate.health;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Removes secrets from text shown to operators (health details, log lines): every known secret
 * (such as the Redis password), and the user-info part of URLs ({@code redis://user:pass@host}).
 * Redis clients do not put passwords in their messages; this is the safety net for the ones that
 * echo a connection URL or a configuration value.
 */
public final class SecretMasker {

    private static final String MASK = "******";

    private static final Pattern URL_USER_INFO = Pattern.compile("(?<=://)[^/@\\s]+@");

    private final List<String> secrets;

    /**
     * Creates a masker.
     * @param secrets the secrets to mask wherever they appear; null and empty entries are ignored
     */
    public SecretMasker(Collection<@Nullable String> secrets) {
        this.secrets = secrets.stream()
            .filter(Objects::nonNull)
            .filter((secret) -> !secret.isEmpty())
            .distinct()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .toList();
    }

    /** A masker that knows no secrets and masks only URL user-info. */
    public static SecretMasker urlUserInfoOnly() {
        return new SecretMasker(List.of());
    }

    /**
     * Masks {@code text}.
     * @param text the text, may be null
     * @return the text without secrets; empty for null
     */
    public String mask(@Nullable String text) {
        if (text == null) {
            return "";
        }
        String masked = URL_USER_INFO.matcher(text).replaceAll(MASK + "@");
        for (String secret : this.secrets) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }

    /**
     * Describes an exception as its class name and masked message.
     * @param ex the exception
     * @return {@code "<class name>: <masked message>"}
     */
    public String describe(Throwable ex) {
        String message = ex.getMessage();
        return (message != null) ? ex.getClass().getName() + ": " + mask(message) : ex.getClass().getName();
    }
}
