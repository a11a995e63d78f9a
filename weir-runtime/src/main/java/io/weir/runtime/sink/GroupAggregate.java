package io.weir.runtime.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.json.Json;
import io.weir.mql.Aggregator;
import io.weir.mql.MqlQuery;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;

/**
 * One consumer group's aggregate query: records go into its {@link Aggregator}, and a {@link WindowTimer} task at
 * each window's end hands the window's output records, one SSE event each, to the group.
 *
 * <p>Threads: one lock per group. Publishing threads ({@link #accept}), the registry ({@link #start}, {@link #stop})
 * and the window task on the sink's one timer thread take this object's lock, so a record lands wholly in one window;
 * the task writes and hands out the closed window's events after releasing it, so publishing waits only for the swap.
 */
final class GroupAggregate {

    /** Where a closed window's events go: the group's members, round-robin. */
    interface Output {
        void offer(byte[] frame, long nowNanos, SinkMetrics metrics);
    }

    private static final ObjectMapper JSON = Json.lenient();

    private final MqlQuery query;
    private final WindowTimer timer;
    private final SinkMetrics metrics;
    private final Output output;
    private final Runnable closeWindow = this::closeWindow;
    private Aggregator aggregator;
    private ScheduledFuture<?> task;
    private boolean stopped;

    GroupAggregate(MqlQuery query, WindowTimer timer, SinkMetrics metrics, Output output) {
        if (!query.isAggregate()) {
            throw new IllegalArgumentException("query: " + query.text() + " (expected: an aggregate query)");
        }
        this.query = query;
        this.timer = Objects.requireNonNull(timer, "timer");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.output = Objects.requireNonNull(output, "output");
    }

    /** Opens the first window now and schedules its end; once. */
    synchronized void start() {
        if (aggregator != null || stopped) {
            return;
        }
        aggregator = query.newAggregator(nowMillis());
        schedule();
    }

    /** Cancels the window timer; the open window's records are discarded. Idempotent. */
    synchronized void stop() {
        stopped = true;
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    /**
     * Adds a parsed record (null when it was not JSON) to the open window, counting it filtered otherwise; returns
     * whether it was dropped because the window already had its maximum of groups.
     */
    synchronized boolean accept(JsonNode record) {
        if (aggregator == null || stopped) {
            return false;
        }
        if (record == null) {
            metrics.filtered();
            return false;
        }
        long dropped = aggregator.dropped();
        if (aggregator.accept(record)) {
            return false;
        }
        if (aggregator.dropped() == dropped) {
            metrics.filtered();
            return false;
        }
        metrics.droppedGroupLimit();
        return true;
    }

    /** Runs on the timer thread only, so windows go out in order; the output is written outside the lock. */
    private void closeWindow() {
        List<JsonNode> out;
        synchronized (this) {
            if (stopped) {
                return;
            }
            long windowEnd = aggregator.windowEndMillis();
            out = aggregator.flush(nowMillis());
            if (aggregator.windowEndMillis() != windowEnd) {
                metrics.windowClosed();
            }
            schedule();
        }
        long nanos = System.nanoTime();
        for (JsonNode record : out) {
            output.offer(frame(record), nanos, metrics);
        }
    }

    private void schedule() {
        try {
            task = timer.schedule(closeWindow, aggregator.windowEndMillis() - nowMillis());
        } catch (RejectedExecutionException e) {
            task = null;
            stopped = true;
        }
    }

    private byte[] frame(JsonNode record) {
        try {
            return SseFrames.record(JSON.writeValueAsBytes(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an aggregate output record could not be written as JSON", e);
        }
    }

    private static long nowMillis() {
        return System.nanoTime() / 1_000_000;
    }
}
