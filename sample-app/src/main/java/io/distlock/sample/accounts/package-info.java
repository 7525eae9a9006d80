/**
 * Resource synchronisation: a transfer locks both accounts at once (a multi-key lock, taken in
 * sorted order, so crossed transfers cannot deadlock).
 */
package io.distlock.sample.accounts;
