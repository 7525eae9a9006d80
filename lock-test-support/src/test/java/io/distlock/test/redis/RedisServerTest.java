package io.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RedisServerTest {

    private static final Duration SHORT = Duration.ofMillis(300);

    @Test
    void startsAndAnswersCommands() {
        try (RedisServer server = RedisServer.start()) {
            assertThat(server.host()).isEqualTo("127.0.0.1");
            assertThat(server.address()).isEqualTo("127.0.0.1:" + server.port());
            assertThat(server.command("PING")).isEqualTo("PONG");
            assertThat(server.command("SET", "greeting", "hällo wörld")).isEqualTo("OK");
            assertThat(server.command("GET", "greeting")).isEqualTo("hällo wörld");
            assertThat(server.command("GET", "missing")).isNull();
            assertThat(server.command("INCRBY", "counter", "5")).isEqualTo(5L);
            server.command("RPUSH", "list", "a", "b");
            assertThat(server.command("LRANGE", "list", "0", "-1")).isEqualTo(List.of("a", "b"));
            assertThat(server.infoField("server", "process_id")).isEqualTo(Long.toString(server.pid()));
            assertThat(server.infoField("persistence", "aof_enabled")).isEqualTo("0");
        }
    }

    @Test
    void errorRepliesThrowRedisCommandException() {
        try (RedisServer server = RedisServer.start()) {
            server.command("SET", "text", "x");
            assertThatThrownBy(() -> server.command("INCR", "text"))
                    .isInstanceOf(RedisCommandException.class)
                    .hasMessageContaining("not an integer")
                    .satisfies(e -> assertThat(((RedisCommandException) e).errorCode()).isEqualTo("ERR"));
            assertThat(server.command("PING")).as("connection still usable").isEqualTo("PONG");
        }
    }

    @Test
    void twoServersGetDifferentPortsAndDirectories() {
        try (RedisServer first = RedisServer.start(); RedisServer second = RedisServer.start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            assertThat(first.directory()).isNotEqualTo(second.directory());
        }
    }

    @Test
    void closeKillsTheProcessAndDeletesTheDirectory() {
        RedisServer server = RedisServer.start();
        ProcessHandle process = ProcessHandle.of(server.pid()).orElseThrow();
        server.close();
        assertThat(process.isAlive()).isFalse();
        assertThat(server.isRunning()).isFalse();
        assertThat(Files.exists(server.directory())).isFalse();
        assertRefused(server);
        server.close();
    }

    @Test
    void pausedServerDoesNotAnswerUntilResumed() {
        try (RedisServer server = RedisServer.start()) {
            server.pause();
            assertThat(server.isPaused()).isTrue();
            assertThatThrownBy(() -> server.command(SHORT, "PING"))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasCauseInstanceOf(SocketTimeoutException.class);
            server.resume();
            assertThat(server.isPaused()).isFalse();
            assertThat(server.command(SHORT, "PING")).isEqualTo("PONG");
        }
    }

    @Test
    void killedServerRefusesConnectionsAndRestartsEmptyOnTheSamePort() {
        try (RedisServer server = RedisServer.start()) {
            int port = server.port();
            long pid = server.pid();
            server.command("SET", "key", "value");
            server.kill();
            assertThat(server.isRunning()).isFalse();
            assertRefused(server);

            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.pid()).isNotEqualTo(pid);
            assertThat(server.command("GET", "key")).isNull();
            assertThat(server.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void stoppedServerRestarts() {
        try (RedisServer server = RedisServer.start()) {
            int port = server.port();
            server.command("SET", "key", "value");
            server.stop();
            assertThat(server.isRunning()).isFalse();
            assertRefused(server);
            assertThat(server.logTail(20)).contains("ready to exit");

            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.command("GET", "key")).isNull();
        }
    }

    @Test
    void restartOfARunningOrPausedServerWorks() {
        try (RedisServer server = RedisServer.start()) {
            server.restart();
            assertThat(server.command("PING")).isEqualTo("PONG");
            server.pause();
            server.ensureRunning();
            assertThat(server.command(SHORT, "PING")).isEqualTo("PONG");
        }
    }

    @Test
    void startupFailureReportsTheLogTail() {
        assertThatThrownBy(() -> RedisServer.builder().config("no-such-directive", "42").start())
                .isInstanceOf(RedisStartupException.class)
                .hasMessageContaining("exited with code")
                .hasMessageContaining("no-such-directive");
    }

    @Test
    void passwordFromConfigIsUsedByTheHarness() {
        try (RedisServer server = RedisServer.builder().config("requirepass", "s3cret pass").start()) {
            assertThat(server.command("PING")).isEqualTo("PONG");
            server.flushAll();
            try (RespClient anonymous = RespClient.connect(server.host(), server.port(), SHORT)) {
                assertThatThrownBy(() -> anonymous.call("GET", "x"))
                        .isInstanceOf(RedisCommandException.class)
                        .satisfies(e -> assertThat(((RedisCommandException) e).errorCode()).isEqualTo("NOAUTH"));
            }
            server.stop();
            server.restart();
            assertThat(server.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void cachedConnectionClosedByTheServerIsReplaced() {
        try (RedisServer server = RedisServer.start()) {
            server.command("PING");
            server.command("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "no");
            assertThat(server.command("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void restartWaitsForItsPortToBeReleased() throws Exception {
        try (RedisServer server = RedisServer.start()) {
            server.kill();
            ServerSocket squatter = new ServerSocket(server.port(), 1, InetAddress.getLoopbackAddress());
            CompletableFuture.runAsync(() -> {
                Await.sleep(300);
                close(squatter);
            });
            server.restart();
            assertThat(server.command("PING")).isEqualTo("PONG");
            assertThat(server.logTail(100)).contains("Address already in use");
        }
    }

    @Test
    void aTakenFixedPortFailsWithTheLogTail() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RedisServer.builder().port(squatter.getLocalPort()).start())
                    .isInstanceOf(RedisStartupException.class)
                    .hasMessageContaining("Address already in use");
        }
    }

    private static void close(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertRefused(RedisServer server) {
        assertThatThrownBy(() -> server.command(SHORT, "PING"))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(ConnectException.class);
    }
}
