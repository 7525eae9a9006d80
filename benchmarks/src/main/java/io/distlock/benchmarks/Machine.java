package io.distlock.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import io.distlock.test.redis.RedisServer;

/** The machine, JDK, redis-server and library versions a run used. */
final class Machine {

    private Machine() {
    }

    static Map<String, Object> describe() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("cpu", cpuModel());
        machine.put("memoryGiB", memoryGiB());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        machine.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        try (RedisServer server = RedisServer.start()) {
            String from = (PinnedRedis.origin() != null) ? PinnedRedis.origin() : server.binary().source();
            machine.put("redisServer", Info.section(server, "server").get("redis_version") + " (" + from
                    + ", pinned for the whole run)");
        }
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("distlock", version("io.distlock", "lock-core", io.distlock.LockTemplate.class));
        versions.put("Spring Boot", version("org.springframework.boot", "spring-boot",
                org.springframework.boot.SpringApplication.class));
        versions.put("Spring Framework", version("org.springframework", "spring-core",
                org.springframework.core.SpringVersion.class));
        versions.put("Spring Data Redis", version("org.springframework.data", "spring-data-redis",
                org.springframework.data.redis.core.RedisTemplate.class));
        versions.put("Lettuce", version("io.lettuce", "lettuce-core", io.lettuce.core.RedisClient.class));
        versions.put("Netty", version("io.netty", "netty-common", io.netty.util.Version.class));
        versions.put("Redisson", version("org.redisson", "redisson", org.redisson.Redisson.class));
        versions.put("Spring Integration", version("org.springframework.integration", "spring-integration-redis",
                org.springframework.integration.redis.util.RedisLockRegistry.class));
        versions.put("ShedLock", version("net.javacrumbs.shedlock", "shedlock-provider-redis-spring",
                net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider.class));
        versions.put("JMH", version("org.openjdk.jmh", "jmh-core", org.openjdk.jmh.runner.Runner.class));
        machine.put("versions", versions);
        return machine;
    }

    /**
     * The commit the working tree is on, and whether the engine's or starter's sources differ from it
     * (a run measures the working tree), or "unknown" outside a git checkout.
     */
    static String revision(Path root) {
        try {
            String head = git(root, "rev-parse", "--short", "HEAD").trim();
            String dirty = git(root, "status", "--porcelain", "--", "lock-core/src/main", "lock-spring-boot-starter/src/main");
            return head + (dirty.isBlank() ? "" : " with uncommitted changes to lock-core or the starter");
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String git(Path root, String... args) throws IOException, InterruptedException {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git", "-C", root.toString()));
        command.addAll(java.util.List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("git failed: " + output);
        }
        return output;
    }

    /** The load averages (1, 5, 15 minutes) from {@code /proc/loadavg}, or "unknown". */
    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }

    private static String version(String group, String artifact, Class<?> type) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = type.getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                return properties.getProperty("version");
            }
        }
        catch (IOException ex) {
            // fall through to the jar's name
        }
        try {
            String jar = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
            if (jar.startsWith(artifact + "-") && jar.endsWith(".jar")) {
                return jar.substring(artifact.length() + 1, jar.length() - 4);
            }
        }
        catch (Exception ex) {
            // fall through to the manifest
        }
        String version = type.getPackage().getImplementationVersion();
        return (version != null) ? version : "unknown";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                .filter((line) -> line.startsWith("model name"))
                .map((line) -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst()
                .orElse("unknown");
        }
        catch (IOException ex) {
            return "unknown";
        }
    }

    private static String memoryGiB() {
        try {
            String total = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\D+", "");
            return String.format("%.0f", Long.parseLong(total) / 1024.0 / 1024.0);
        }
        catch (IOException | RuntimeException ex) {
            return "unknown";
        }
    }
}
