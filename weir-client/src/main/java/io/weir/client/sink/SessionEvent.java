package io.weir.client.sink;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What happened to a session, in order, for timelines and alerts. Physical connections are named by their own id;
 * the session's id stays the same throughout. {@code toString()} is one readable line.
 */
public sealed interface SessionEvent {

    /** When it happened (the session's clock). */
    Instant at();

    /** Discovery announced the sink workers of {@code jobId} (the job the session now serves). */
    record WorkersChanged(Instant at, String jobId, List<SinkWorker> workers) implements SessionEvent {
        @Override
        public String toString() {
            return at + " workers of " + jobId + ": " + workers.stream().map(w -> w.workerNumber() + "@" + w.host() + ":" + w.port()).toList();
        }
    }

    /** A physical connection to {@code worker} is being opened; {@code failures} is how often that worker failed in a row. */
    record Connecting(Instant at, SinkWorker worker, String connectionId, int failures) implements SessionEvent {
        @Override
        public String toString() {
            return at + " connecting " + connectionId + " to " + worker + (failures > 0 ? " (after " + failures + " failures)" : "");
        }
    }

    /** The worker answered and is streaming; {@code took} is from opening to its answer. */
    record Connected(Instant at, SinkWorker worker, String connectionId, Duration took) implements SessionEvent {
        @Override
        public String toString() {
            return at + " connected " + connectionId + " to " + worker + " in " + took.toMillis() + " ms";
        }
    }

    /**
     * A connection failed; {@code silence} is how long nothing had arrived on it when the failure was declared (the
     * detection latency for a hung worker).
     */
    record Detected(Instant at, SinkWorker worker, String connectionId, FailureReason reason, Duration silence, String detail)
            implements SessionEvent {
        @Override
        public String toString() {
            return at + " detected " + reason + " on " + connectionId + " to " + worker + " after " + silence.toMillis()
                    + " ms of silence: " + detail;
        }
    }

    /** ONE mode: the session moved from {@code from} (failed or gone from discovery) to {@code to}. */
    record FailedOver(Instant at, SinkWorker from, SinkWorker to) implements SessionEvent {
        @Override
        public String toString() {
            return at + " failing over from worker " + from.workerNumber() + " to " + to;
        }
    }

    /** The session closed a healthy connection on purpose: the worker left discovery, or the session ended. */
    record Disconnected(Instant at, SinkWorker worker, String connectionId, String why) implements SessionEvent {
        @Override
        public String toString() {
            return at + " disconnected " + connectionId + " from " + worker + ": " + why;
        }
    }

    /** The sink reported (meta message) that it dropped records for this connection because the session was slow. */
    record Dropped(Instant at, SinkWorker worker, String connectionId, long droppedSinceConnected) implements SessionEvent {
        @Override
        public String toString() {
            return at + " " + worker + " dropped " + droppedSinceConnected + " records for " + connectionId + " (too slow)";
        }
    }

    /** The session ended: closed by its owner, its job ended, or a failure that retrying cannot fix. */
    record Closed(Instant at, String why) implements SessionEvent {
        @Override
        public String toString() {
            return at + " session closed: " + why;
        }
    }
}
