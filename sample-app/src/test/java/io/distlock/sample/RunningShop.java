package io.distlock.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shop started in this JVM on a random port, with an HTTP client for it. Started with
 * {@code sample.embedded-redis=false} and the report job off unless the arguments say otherwise.
 */
final class RunningShop implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private final ConfigurableApplicationContext context;

    private final String baseUrl;

    private RunningShop(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    /** Starts the shop with a web server on a free port against the Redis at {@code redisPort}. */
    static RunningShop start(int redisPort, String... args) {
        String[] defaults = { "--server.port=0", "--spring.data.redis.port=" + redisPort, "--sample.embedded-redis=false",
                "--sample.report.enabled=false", "--spring.main.banner-mode=off" };
        return new RunningShop(new SpringApplicationBuilder(SampleShopApplication.class).run(merge(defaults, args)));
    }

    /** Starts the shop without a web server, e.g. to look at its environment. */
    static ConfigurableApplicationContext startWithoutWeb(String... args) {
        String[] defaults = { "--sample.report.enabled=false", "--spring.main.banner-mode=off" };
        return new SpringApplicationBuilder(SampleShopApplication.class).web(WebApplicationType.NONE)
            .run(merge(defaults, args));
    }

    /** The arguments, plus each default whose option they do not set (a repeated option would be a list). */
    private static String[] merge(String[] defaults, String[] args) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String arg : defaults) {
            merged.put(option(arg), arg);
        }
        for (String arg : args) {
            merged.put(option(arg), arg);
        }
        return merged.values().toArray(String[]::new);
    }

    private static String option(String arg) {
        int equals = arg.indexOf('=');
        return (equals < 0) ? arg : arg.substring(0, equals);
    }

    ConfigurableApplicationContext context() {
        return context;
    }

    String url(String path) {
        return baseUrl + path;
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).GET());
    }

    HttpResponse<String> post(String path, String json, String... headers) {
        return send(withHeaders(HttpRequest.newBuilder(URI.create(url(path))), headers)
            .header("Content-Type", "application/json")
            .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    JsonNode getJson(String path) {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json(response);
    }

    static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static String contentType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    @Override
    public void close() {
        context.close();
    }

    private static HttpRequest.Builder withHeaders(HttpRequest.Builder builder, String... headers) {
        for (int i = 0; i + 1 < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
