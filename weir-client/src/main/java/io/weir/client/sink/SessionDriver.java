package io.weir.client.sink;

import io.weir.client.WeirClientException;
import io.weir.core.model.JobSchedulingInfo;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * The session's state machine: from discovery's sink workers and its connections' fates it decides which workers to
 * connect to, when, and when to give up on one. Commands arrive on the {@link SessionLoop} and nothing here is
 * touched from another thread, except the volatile views read by {@link SinkSession} and the meters.
 *
 * <p>Each new connection is handed to the session's record stream as a {@code Flux}, which opens it on subscription.
 */
final class SessionDriver implements SinkConnection.Listener {

    private static final Logger log = LoggerFactory.getLogger(SinkSession.class);

    private final SessionSettings settings;
    private final SessionLoop loop;
    private final SessionMetrics metrics;
    private final HttpClient http;
    private final String scheme;
    private final Clock clock;
    private final LongSupplier nanoClock;
    private final WorkerHealth health;
    private final Sinks.Many<Flux<SinkRecord>> streams = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.Many<SessionEvent> events = Sinks.many().multicast().directBestEffort();
    private final Map<SinkWorker, SinkConnection> connections = new LinkedHashMap<>();
    private List<SinkWorker> discovered = List.of();
    private final SinkTokens tokens;
    private String jobId;
    private String newerJobId;
    private SinkWorker movingFrom;
    private long detectedAtNanos = -1;
    private ScheduledFuture<?> retry;
    private long retryAtNanos = Long.MAX_VALUE;
    private Disposable discovery;
    private boolean ended;
    private int sequence;
    private volatile List<SinkWorker> connectedView = List.of();

    SessionDriver(SessionSettings settings, SessionLoop loop, SessionMetrics metrics, HttpClient http, SinkTokens tokens, String scheme,
                  Clock clock, LongSupplier nanoClock, WorkerHealth health) {
        this.scheme = scheme;
        this.settings = settings;
        this.tokens = tokens;
        this.loop = loop;
        this.metrics = metrics;
        this.http = http;
        this.clock = clock;
        this.nanoClock = nanoClock;
        this.health = health;
    }

    Flux<Flux<SinkRecord>> streams() {
        return streams.asFlux();
    }

    Flux<SessionEvent> events() {
        return events.asFlux();
    }

    List<SinkWorker> connected() {
        return connectedView;
    }

    // ------------------------------------------------------------------ commands (on the loop)

    void start(Flux<JobSchedulingInfo> schedulingInfo) {
        log.info("Session {} ({} mode) following {}", settings.sessionId(), settings.mode(), settings.target());
        discovery = schedulingInfo.subscribe(
                info -> loop.execute(() -> onDiscovery(info)),
                error -> loop.execute(() -> end(error, "discovery failed: " + error.getMessage())),
                () -> loop.execute(() -> end(null, "job " + jobId + " ended")));
    }

    void close(String why) {
        end(null, why);
    }

    private void onDiscovery(JobSchedulingInfo info) {
        if (ended) {
            return;
        }
        List<SinkWorker> workers = SinkWorker.of(info);
        boolean otherJob = jobId != null && !info.jobId().equals(jobId);
        if (otherJob && workers.isEmpty() && !info.isJobEnded() && !discovered.isEmpty()) {
            if (!info.jobId().equals(newerJobId)) {
                newerJobId = info.jobId();
                log.info("Session {}: {} is the newest job but has no started sink worker yet; staying on {} until it has",
                        settings.sessionId(), newerJobId, jobId);
            }
            return;
        }
        newerJobId = null;
        jobId = info.jobId();
        if (!workers.equals(discovered)) {
            discovered = workers;
            emit(new SessionEvent.WorkersChanged(clock.instant(), jobId, workers));
            log.info("Session {}: sink workers of {} are {}", settings.sessionId(), jobId, workers);
        }
        reconcile();
    }

    private void reconcile() {
        if (ended) {
            return;
        }
        long now = nanoClock.getAsLong();
        health.retainOnly(discovered);
        for (var c : new ArrayList<>(connections.values())) {
            if (!discovered.contains(c.worker())) {
                connections.remove(c.worker());
                c.stop();
                c.watch(null);
                if (settings.mode() == SessionMode.ONE) {
                    movingFrom = c.worker();
                }
                emit(new SessionEvent.Disconnected(clock.instant(), c.worker(), c.id(), "the worker left discovery"));
                log.info("Session {}: closed {} to {}, which left discovery", settings.sessionId(), c.id(), c.worker());
            }
        }
        long nextRetry = Long.MAX_VALUE;
        if (settings.mode() == SessionMode.ALL) {
            for (SinkWorker w : discovered) {
                if (!connections.containsKey(w)) {
                    long at = health.retryAtNanos(w);
                    if (at <= now) {
                        connect(w, now);
                    } else {
                        nextRetry = Math.min(nextRetry, at);
                    }
                }
            }
        } else if (connections.isEmpty()) {
            SinkWorker w = health.choose(discovered);
            if (w != null) {
                long at = health.retryAtNanos(w);
                if (at <= now) {
                    connect(w, now);
                } else {
                    nextRetry = at;
                }
            }
        }
        scheduleRetry(nextRetry, now);
        updateView();
    }

    private void connect(SinkWorker worker, long now) {
        String id = settings.sessionId() + "-c" + ++sequence;
        var c = new SinkConnection(id, worker, worker.baseUrl(scheme) + "/" + settings.query(), nanoClock,
                settings.connectTimeoutNanos(), settings.silenceTimeoutNanos());
        connections.put(worker, c);
        metrics.opened();
        if (movingFrom != null && !movingFrom.equals(worker)) {
            metrics.failedOver();
            emit(new SessionEvent.FailedOver(clock.instant(), movingFrom, worker));
            log.info("Session {}: failing over from worker {} to {}", settings.sessionId(), movingFrom.workerNumber(), worker);
        }
        movingFrom = null;
        emit(new SessionEvent.Connecting(clock.instant(), worker, id, health.failures(worker)));
        streams.tryEmitNext(c.records(http, tokens.of(jobId), settings.maxEventBytes(), settings.metaMessages(), metrics.records(), this));
        scheduleCheck(c, c.liveness().check(now).nextCheckNanos(), now);
    }

    private void check(SinkConnection c) {
        if (!isCurrent(c)) {
            return;
        }
        long now = nanoClock.getAsLong();
        Liveness.Verdict verdict = c.liveness().check(now);
        if (!verdict.dead()) {
            if (c.liveness().provenAt(now)) {
                health.recovered(c.worker());
            }
            scheduleCheck(c, verdict.nextCheckNanos(), now);
        } else if (verdict.reason() == FailureReason.CONNECT_FAILED) {
            fail(c, verdict.reason(), verdict.silenceNanos(), "no answer within " + settings.connectTimeoutMillis() + " ms");
        } else {
            fail(c, verdict.reason(), verdict.silenceNanos(), "no record or ping for " + settings.missedHeartbeats()
                    + " heartbeat intervals of " + settings.heartbeatMillis() + " ms");
        }
    }

    private void onAnswered(SinkConnection c) {
        if (!isCurrent(c)) {
            return;
        }
        long now = nanoClock.getAsLong();
        scheduleCheck(c, c.liveness().check(now).nextCheckNanos(), now);
        emit(new SessionEvent.Connected(clock.instant(), c.worker(), c.id(), Duration.ofNanos(now - c.startedNanos())));
        if (detectedAtNanos >= 0) {
            metrics.recovered(now - detectedAtNanos);
            detectedAtNanos = -1;
        }
        log.info("Session {}: connected {} to {}", settings.sessionId(), c.id(), c.worker());
        updateView();
    }

    private void onEnded(SinkConnection c, Throwable cause) {
        if (!isCurrent(c)) {
            return;
        }
        if (cause instanceof WeirClientException e && e.status() == 400) {
            end(e, e.getMessage());
            return;
        }
        if (cause instanceof WeirClientException e && e.status() == 401) {
            tokens.forget(jobId);
        }
        FailureReason reason = c.liveness().answered() ? FailureReason.CONNECTION_LOST : FailureReason.CONNECT_FAILED;
        String detail = cause == null ? "the worker ended the stream" : describe(cause);
        fail(c, reason, c.liveness().silenceNanos(nanoClock.getAsLong()), detail);
    }

    private void fail(SinkConnection c, FailureReason reason, long silenceNanos, String detail) {
        long now = nanoClock.getAsLong();
        connections.remove(c.worker());
        c.stop();
        c.watch(null);
        health.failed(c.worker(), now);
        metrics.failed(reason, silenceNanos);
        if (detectedAtNanos < 0) {
            detectedAtNanos = now;
        }
        emit(new SessionEvent.Detected(clock.instant(), c.worker(), c.id(), reason, Duration.ofNanos(silenceNanos), detail));
        log.warn("Session {}: {} to {} failed, {}: {}", settings.sessionId(), c.id(), c.worker(), reason, detail);
        if (settings.mode() == SessionMode.ONE) {
            movingFrom = c.worker();
        }
        if (newerJobId != null) {
            discovered = discovered.stream().filter(w -> !w.equals(c.worker())).toList();
        }
        reconcile();
    }

    private void end(Throwable error, String why) {
        if (ended) {
            return;
        }
        ended = true;
        if (retry != null) {
            retry.cancel(false);
        }
        if (discovery != null) {
            discovery.dispose();
        }
        for (var c : connections.values()) {
            c.stop();
            emit(new SessionEvent.Disconnected(clock.instant(), c.worker(), c.id(), "the session ended"));
        }
        connections.clear();
        updateView();
        emit(new SessionEvent.Closed(clock.instant(), why));
        events.tryEmitComplete();
        if (error != null) {
            log.warn("Session {} ended: {}", settings.sessionId(), why);
            streams.tryEmitError(error);
        } else {
            log.info("Session {} ended: {}", settings.sessionId(), why);
            streams.tryEmitComplete();
        }
        metrics.close();
        loop.shutdown();
    }

    // ------------------------------------------------------------------ connection callbacks (event loops)

    @Override
    public void answered(SinkConnection connection) {
        loop.execute(() -> onAnswered(connection));
    }

    @Override
    public void ended(SinkConnection connection, Throwable cause) {
        loop.execute(() -> onEnded(connection, cause));
    }

    @Override
    public void dropped(SinkConnection connection, long droppedSinceConnected) {
        loop.execute(() -> emit(new SessionEvent.Dropped(clock.instant(), connection.worker(), connection.id(), droppedSinceConnected)));
    }

    // ------------------------------------------------------------------ helpers

    private boolean isCurrent(SinkConnection c) {
        return !ended && connections.get(c.worker()) == c;
    }

    private void scheduleCheck(SinkConnection c, long atNanos, long now) {
        c.watch(loop.schedule(() -> check(c), atNanos - now));
    }

    private void scheduleRetry(long atNanos, long now) {
        if (atNanos == retryAtNanos && retry != null && !retry.isDone()) {
            return;
        }
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
        retryAtNanos = atNanos;
        if (atNanos != Long.MAX_VALUE) {
            retry = loop.schedule(this::reconcile, atNanos - now);
        }
    }

    private void updateView() {
        List<SinkWorker> open = connections.values().stream().filter(c -> c.liveness().answered()).map(SinkConnection::worker).toList();
        connectedView = open;
        metrics.connections(open.size(), settings.mode() == SessionMode.ONE && !open.isEmpty() ? open.get(0).workerNumber() : -1);
    }

    private void emit(SessionEvent event) {
        events.tryEmitNext(event);
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }
}
