package io.distlock.test.redis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Remembers every process and temporary directory the test support creates, so that
 * nothing outlives the JVM: one shutdown hook kills the processes that are still registered
 * (including their descendants) and deletes the registered directories.
 *
 * <p>{@link RedisServer} and {@link ChildJvm} register themselves; other code may register
 * its own processes and directories too.
 */
public final class ProcessRegistry {

    private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();
    private static final Set<Path> DIRECTORIES = ConcurrentHashMap.newKeySet();
    private static final Object HOOK_LOCK = new Object();
    private static boolean hookInstalled;

    private ProcessRegistry() {
    }

    /** Registers a process to be killed at JVM exit unless it is {@linkplain #unregister(Process) unregistered} first. */
    public static void register(Process process) {
        installHookOnce();
        PROCESSES.add(process);
    }

    /** Forgets a process (typically once it has exited). */
    public static void unregister(Process process) {
        PROCESSES.remove(process);
    }

    /** Registers a directory to be deleted recursively at JVM exit. */
    public static void registerDirectory(Path directory) {
        installHookOnce();
        DIRECTORIES.add(directory);
    }

    /** Deletes a directory recursively now (best effort) and forgets it. */
    public static void deleteDirectory(Path directory) {
        TempDirectories.deleteRecursively(directory);
        DIRECTORIES.remove(directory);
    }

    /**
     * Kills a process and all its descendants with SIGKILL and waits (briefly) for it to exit.
     * A stopped (SIGSTOP) process is killed too.
     *
     * @return whether the process is gone
     */
    public static boolean killTree(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>();
        process.descendants().forEach(descendants::add);
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            return process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    private static void installHookOnce() {
        synchronized (HOOK_LOCK) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(ProcessRegistry::cleanUp, "distlock-test-cleanup"));
                hookInstalled = true;
            }
        }
    }

    private static void cleanUp() {
        for (Process process : List.copyOf(PROCESSES)) {
            killTree(process);
        }
        PROCESSES.clear();
        for (Path directory : List.copyOf(DIRECTORIES)) {
            TempDirectories.deleteRecursively(directory);
        }
        DIRECTORIES.clear();
    }
}
