package io.distlock.test.redis;

/** Child-JVM test program: starts a Redis server, prints its pid and directory, and exits without closing it. */
public final class StartAndExitMain {

    private StartAndExitMain() {
    }

    public static void main(String[] args) {
        RedisServer server = RedisServer.start();
        System.out.println("pid " + server.pid());
        System.out.println("dir " + server.directory());
    }
}
