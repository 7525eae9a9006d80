package io.distlock.autoconfigure.redlock;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One Redlock node, {@code redis://[user:password@]host:port} or {@code rediss://...} for TLS.
 * {@link #toString()} masks the credentials, so a node can be logged or named in an error.
 *
 * @param host the host
 * @param port the port (6379 when the URL has none)
 * @param username the ACL user, or null
 * @param password the password, or null
 * @param ssl whether to connect with TLS
 */
public record RedisNodeUrl(String host, int port, String username, String password, boolean ssl) {

    /**
     * Parses a node URL.
     * @throws IllegalArgumentException naming the property and the masked URL when it is not a
     * redis:// or rediss:// URL with a host
     */
    public static RedisNodeUrl parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        }
        catch (IllegalArgumentException ex) {
            throw invalid(url, "not a URL");
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
            throw invalid(url, "the scheme must be redis:// or rediss://");
        }
        if (uri.getHost() == null) {
            throw invalid(url, "no host");
        }
        String username = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon < 0) {
                password = decode(userInfo);
            }
            else {
                username = (colon > 0) ? decode(userInfo.substring(0, colon)) : null;
                password = decode(userInfo.substring(colon + 1));
            }
        }
        return new RedisNodeUrl(uri.getHost(), (uri.getPort() > 0) ? uri.getPort() : 6379, username, password,
                "rediss".equals(scheme));
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    private static IllegalArgumentException invalid(String url, String reason) {
        return new IllegalArgumentException(
                "Invalid distributed-lock.redlock.nodes entry '" + mask(url) + "': " + reason);
    }

    /** The URL with any user info replaced by {@code ***}. */
    static String mask(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return (at > 0 && scheme > 0 && at > scheme) ? url.substring(0, scheme + 3) + "***" + url.substring(at) : url;
    }

    @Override
    public String toString() {
        return (this.ssl ? "rediss://" : "redis://") + ((this.password != null) ? "***@" : "") + this.host + ":" + this.port;
    }
}
