/**
 * No overselling: a purchase checks and decrements the stock under a distributed lock per product,
 * and the lock wraps the database transaction.
 */
package io.distlock.sample.orders;
