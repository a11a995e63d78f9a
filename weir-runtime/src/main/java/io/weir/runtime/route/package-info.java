/**
 * Routing a stage's output records to downstream subscriptions ({@link io.weir.runtime.route.Outlet}s):
 * {@link io.weir.runtime.route.ScalarRouter} picks the least-loaded outlet with credit;
 * {@link io.weir.runtime.route.KeyedRouter} sends each key to the downstream worker index a
 * {@link io.weir.runtime.route.ConsistentHashRing} assigns it. Neither drops a record: when no outlet can
 * take it now, the {@link io.weir.runtime.route.Route} says so and the caller waits.
 *
 * <p>Threads: outlets join and leave from any thread (copy-on-write snapshots); records are routed on
 * one thread, the stage's output thread.
 */
package io.weir.runtime.route;
