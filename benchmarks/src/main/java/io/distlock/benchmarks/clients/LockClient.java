package io.distlock.benchmarks.clients;

/**
 * One contender as the benchmarks see it: acquire a key (waiting up to a bound), run a body,
 * release. Implementations are thread-safe unless {@link Contender#open} says otherwise, and use
 * each library the way its documentation shows, with its defaults.
 */
public interface LockClient extends AutoCloseable {

    /**
     * One lock cycle: acquire {@code key}, waiting up to {@code waitMillis}, run {@code body},
     * release.
     * @return whether the lock was acquired (and {@code body} ran)
     * @throws Exception what the library throws; a benchmark fails on it
     */
    boolean cycle(String key, long waitMillis, Runnable body) throws Exception;

    /** Releases every resource (connections, threads) of this client. */
    @Override
    void close();
}
