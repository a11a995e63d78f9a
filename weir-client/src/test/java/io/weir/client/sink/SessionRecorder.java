package io.weir.client.sink;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import reactor.core.Disposable;

/** Reads a session for a test: its events in order, records counted per job and worker, and how it ended. */
final class SessionRecorder implements AutoCloseable {

    final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    final Map<String, AtomicLong> perWorker = new ConcurrentHashMap<>();
    final Set<String> connectionIds = ConcurrentHashMap.newKeySet();
    final AtomicBoolean completed = new AtomicBoolean();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final List<String> mismatches = new CopyOnWriteArrayList<>();
    private final Disposable records;

    SessionRecorder(SinkSession session) {
        session.events().subscribe(events::add);
        records = session.records().subscribe(r -> {
            perWorker.computeIfAbsent(r.worker().jobId() + "#" + r.worker().workerNumber(), k -> new AtomicLong()).incrementAndGet();
            connectionIds.add(r.connectionId());
            if (!r.payload().contains("\"job\":\"" + r.worker().jobId() + "\",\"worker\":" + r.worker().workerNumber() + ",")) {
                mismatches.add(r.payload() + " from " + r.worker());
            }
        }, error::set, () -> completed.set(true));
    }

    long count(String jobId, int workerNumber) {
        AtomicLong n = perWorker.get(jobId + "#" + workerNumber);
        return n == null ? 0 : n.get();
    }

    /** Waits until {@code jobId}'s worker has sent {@code more} records beyond what it has sent so far. */
    void awaitRecords(String jobId, int workerNumber, long more) {
        long target = count(jobId, workerNumber) + more;
        await().atMost(Duration.ofSeconds(10)).until(() -> count(jobId, workerNumber) >= target);
    }

    <T extends SessionEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends SessionEvent> T awaitEvent(Class<T> type, Predicate<T> matching) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> events(type).stream().filter(matching).findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    @Override
    public void close() {
        records.dispose();
    }
}
