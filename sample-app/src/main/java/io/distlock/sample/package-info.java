/**
 * The distlock sample shop: the everyday uses of distributed locks, one package per feature.
 */
package io.distlock.sample;
