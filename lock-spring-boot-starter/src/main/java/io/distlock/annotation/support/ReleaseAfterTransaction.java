package io.distlock.annotation.support;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * Defers the release of a synchronous call's locks to the end of the transaction it joined: a
 * method that runs inside a transaction its caller started writes data that others see only once
 * that transaction commits, so the lock must last until then. Uses spring-tx only when it is on
 * the class path; without it there is no transaction to wait for.
 */
final class ReleaseAfterTransaction {

    private static final boolean TX_PRESENT = ClassUtils.isPresent(
            "org.springframework.transaction.support.TransactionSynchronizationManager",
            ReleaseAfterTransaction.class.getClassLoader());

    private ReleaseAfterTransaction() {
    }

    /** Whether the calling thread runs inside a transaction that takes synchronizations. */
    static boolean isTransactionActive() {
        return TX_PRESENT && Synchronizations.isActive();
    }

    /**
     * Releases {@code held} once the current transaction has committed or rolled back, or at once
     * when no transaction is active (any more).
     */
    static void releaseAfterCompletion(HeldLocks held) {
        if (!isTransactionActive()) {
            held.release();
            return;
        }
        Synchronizations.register(held);
    }

    /** Keeps spring-tx types out of the enclosing class, which loads without spring-tx. */
    private static final class Synchronizations {

        static boolean isActive() {
            return TransactionSynchronizationManager.isSynchronizationActive();
        }

        /** Called only while synchronization is active on this thread. */
        static void register(HeldLocks held) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

                /** Any thread, once, whether the transaction committed or rolled back. */
                @Override
                public void afterCompletion(int status) {
                    held.release();
                }
            });
        }
    }
}
