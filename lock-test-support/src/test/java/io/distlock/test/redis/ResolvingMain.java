package io.distlock.test.redis;

/**
 * Child-JVM test program: prints where {@link RedisBinary#resolve()} found redis-server in this
 * process's environment, as {@code source <source>} and {@code path <path>}.
 */
public final class ResolvingMain {

    private ResolvingMain() {
    }

    public static void main(String[] args) {
        RedisBinary binary = RedisBinary.resolve();
        System.out.println("source " + binary.source());
        System.out.println("path " + binary.path());
    }
}
