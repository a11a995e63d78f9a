/**
 * The SSE sink: the last stage's HTTP server that streams a job's output records to external consumers.
 *
 * <p>Threads: {@link io.weir.runtime.sink.SinkServer#publish(String)} may be called from any thread and
 * never blocks; it only offers each record to one bounded buffer per consumer group, or to the group's aggregate,
 * whose short per-group lock it shares with the sink's one window timer thread. Each consumer's buffer is drained on
 * its connection's event loop, which also runs its ping and meta timers. Registration and removal of consumers are
 * rare and serialized by one lock that publish never takes.
 */
package io.weir.runtime.sink;
