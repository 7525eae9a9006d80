package io.distlock.sample.accounts;

/**
 * What a burst of crossed transfers did.
 *
 * @param requested transfers fired
 * @param completed transfers that went through
 * @param insufficientFunds transfers refused for lack of money
 * @param lockTimeouts transfers that gave up waiting for the locks (a deadlock would show here)
 * @param failed transfers that failed otherwise
 * @param totalBeforeCents the total balance before the burst
 * @param totalAfterCents the total balance after it, equal to the one before
 * @param millis how long the burst took
 */
public record TransferBurstResult(int requested, long completed, long insufficientFunds, long lockTimeouts,
        long failed, long totalBeforeCents, long totalAfterCents, long millis) {
}
