package io.distlock.test.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/** Sends POSIX signals the JDK has no API for (SIGSTOP, SIGCONT) through the {@code kill} command. */
final class Signals {

    private Signals() {
    }

    /** Freezes a process (SIGSTOP). */
    static void stop(long pid) {
        send("STOP", pid);
    }

    /** Lets a frozen process continue (SIGCONT). */
    static void resume(long pid) {
        send("CONT", pid);
    }

    private static void send(String signal, long pid) {
        try {
            Process kill = startKill(signal, pid);
            String output = new String(kill.getInputStream().readAllBytes());
            if (!kill.waitFor(10, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " " + pid + " did not finish");
            }
            if (kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed: " + output.trim());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run kill -" + signal + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + pid, e);
        }
    }

    /** Runs {@code kill -SIGNAL pid}, falling back to the shell's built-in {@code kill} if there is no kill binary. */
    private static Process startKill(String signal, long pid) throws IOException {
        try {
            return new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
        } catch (IOException noKillBinary) {
            return new ProcessBuilder("/bin/sh", "-c", "kill -" + signal + " " + pid).redirectErrorStream(true).start();
        }
    }
}
