/**
 * Stage-to-stage connections: a worker's {@link io.weir.runtime.connect.DynamicConnectionSet} of N
 * connections per upstream {@link io.weir.runtime.connect.Endpoint}, kept matched to discovery by a
 * {@link io.weir.runtime.connect.Reconciliator} that reconnects with exponential backoff and jitter.
 *
 * <p>Threads: a set and its reconciliator share one owner thread, the single thread behind their
 * {@link io.weir.runtime.connect.TaskScheduler} (an event loop or a single-threaded executor). Every
 * state change runs there; connector and connection callbacks hop onto it. Typical wiring:
 * <pre>{@code
 * var set = new DynamicConnectionSet<>("stage-2", connector, 2, scheduler, registry);
 * set.addListener(listener);                       // attach / detach each connection's stream
 * var reconciliator = new Reconciliator<>(set, ReconcileSettings.defaults(), scheduler, random);
 * reconciliator.start();                           // periodic check
 * discovery.forEach(info -> Endpoints.forStage(info, 1).ifPresent(reconciliator::expect));
 * }</pre>
 */
package io.weir.runtime.connect;
