package io.weir.client.sink;

/** Why the session gave up on a physical connection. */
public enum FailureReason {
    /** No stream was established: refused, unreachable, no answer within the connect timeout, or a non-200 answer. */
    CONNECT_FAILED,
    /** The stream was closed or reset by the worker or the network. */
    CONNECTION_LOST,
    /** Nothing (no record, no ping) arrived for the allowed number of heartbeat intervals while the session was reading. */
    HEARTBEAT_MISSED
}
