package io.distlock.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A headless Chromium (Debian's {@code chromium} package) showing one page, driven over the
 * DevTools protocol with the JDK's WebSocket client: no Selenium, no driver binary. Each instance
 * has its own profile directory and is killed on {@link #close()}.
 */
final class HeadlessChromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Process process;

    private final Path profile;

    private final WebSocket socket;

    private final AtomicInteger ids = new AtomicInteger();

    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();

    private final List<String> output = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket.Builder connector, URI page) {
        this.process = process;
        this.profile = profile;
        this.socket = connector.buildAsync(page, new Replies()).join();
    }

    /** Whether Debian's chromium is installed. */
    static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Starts Chromium on {@code url} and connects to the page. */
    static HeadlessChromium open(String url) throws IOException {
        Path profile = Files.createTempDirectory("distlock-chromium-");
        Process process = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--window-size=1400,1300", url)
            .redirectErrorStream(true)
            .start();
        try {
            CompletableFuture<Integer> port = new CompletableFuture<>();
            List<String> lines = new ArrayList<>();
            Thread reader = new Thread(() -> readOutput(process, port, lines), "chromium-output");
            reader.setDaemon(true);
            reader.start();
            int devToolsPort = port.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            URI page = pageSocket(devToolsPort, url);
            HeadlessChromium chromium = new HeadlessChromium(process, profile, HttpClient.newHttpClient().newWebSocketBuilder(), page);
            synchronized (lines) {
                chromium.output.addAll(lines);
            }
            return chromium;
        } catch (Exception ex) {
            process.destroyForcibly();
            deleteQuietly(profile);
            throw new IllegalStateException("Chromium did not start: " + ex, ex);
        }
    }

    /**
     * Evaluates JavaScript in the page (awaiting a promise result) and returns its value.
     * @throws IllegalStateException when the script throws
     */
    JsonNode evaluate(String expression) {
        JsonNode reply = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (reply.has("exceptionDetails")) {
            throw new IllegalStateException("Script failed: " + expression + ": " + reply.path("exceptionDetails"));
        }
        return reply.path("result").path("value");
    }

    /** The text of the element with this id, or {@code null} if there is none. */
    String text(String id) {
        JsonNode value = evaluate("(function () { const e = document.getElementById('" + id
                + "'); return e ? e.textContent : null; })()");
        return value.isNull() || value.isMissingNode() ? null : value.asString();
    }

    /** Clicks the element with this id. */
    void click(String id) {
        evaluate("document.getElementById('" + id + "').click()");
    }

    /** A PNG of the page. */
    byte[] screenshot() {
        return Base64.getDecoder().decode(call("Page.captureScreenshot", Map.of("format", "png")).path("data").asString());
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(2, TimeUnit.SECONDS).exceptionally(ex -> null).join();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            deleteQuietly(profile);
        }
    }

    private JsonNode call(String method, Map<String, Object> params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        String message = JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params));
        socket.sendText(message, true).join();
        try {
            JsonNode answer = reply.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.path("error"));
            }
            return answer.path("result");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        } catch (Exception ex) {
            throw new IllegalStateException(method + " got no answer; Chromium said: " + output, ex);
        } finally {
            pending.remove(id);
        }
    }

    private static URI pageSocket(int devToolsPort, String url) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + devToolsPort + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            for (JsonNode target : JSON.readTree(list).values()) {
                if (target.path("type").asString().equals("page") && target.path("url").asString().startsWith(url)) {
                    return URI.create(target.path("webSocketDebuggerUrl").asString());
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("No page target for " + url);
    }

    private static void readOutput(Process process, CompletableFuture<Integer> port, List<String> lines) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (lines) {
                    if (lines.size() < 200) {
                        lines.add(line);
                    }
                }
                Matcher matcher = DEVTOOLS.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
            port.completeExceptionally(new IllegalStateException("Chromium exited: " + lines));
        } catch (IOException ex) {
            port.completeExceptionally(ex);
        }
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ex) {
            // best effort: a temporary directory
        }
    }

    /** Collects the DevTools replies and hands each to the call that waits for its id. */
    private final class Replies implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            message.append(data);
            if (last) {
                JsonNode reply = JSON.readTree(message.toString());
                message.setLength(0);
                CompletableFuture<JsonNode> waiting = reply.has("id") ? pending.get(reply.path("id").asInt()) : null;
                if (waiting != null) {
                    waiting.complete(reply);
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(waiting -> waiting.completeExceptionally(error));
        }
    }
}
