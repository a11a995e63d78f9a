package io.weir.client.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.client.WeirClient;
import io.weir.client.testing.Clusters;
import io.weir.client.testing.SinkJob;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.BaseSubscriber;

/**
 * Sessions against real sink servers registered as the sink workers of jobs on a real master: records flow, a closed
 * sink is noticed at once, a hung one by missed heartbeats, replacements are picked up, and the session id holds.
 */
class SinkSessionTest {

    private static final Logger log = LoggerFactory.getLogger(SinkSessionTest.class);

    @TempDir
    Path dataDir;
    MasterFixture master;
    WeirClient client;
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        master = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        client = WeirClient.create(io.weir.client.WeirClientConfig.of(master.http().base()).withToken(io.weir.master.testing.TestSecrets.ADMIN_TOKEN));
        client.jobClusters().create(Clusters.twoStages("wc", 2));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        client.close();
        master.close();
    }

    private <T extends AutoCloseable> T closing(T c) {
        closeables.add(c);
        return c;
    }

    private SinkJob runningJob(boolean proxied) {
        String jobId = client.jobClusters().submit("wc").jobId();
        var job = closing(new SinkJob(master.http(), jobId, proxied));
        job.startLaunched(3);
        return job;
    }

    private SinkSession session(SinkTarget target, SessionMode mode) {
        return closing(client.sinkSession(target).mode(mode).meters(meters).build());
    }

    private static long millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    @Test
    void allModeMergesEveryWorkerContinuesOnTheRestWhenOneClosesAndConnectsItsReplacement() {
        SinkJob job = runningJob(false);
        SinkSession session = session(SinkTarget.job(job.jobId()), SessionMode.ALL);
        var rec = closing(new SessionRecorder(session));
        var workers = rec.awaitEvent(SessionEvent.WorkersChanged.class, e -> e.workers().size() == 2).workers();
        int a = workers.get(0).workerNumber();
        int b = workers.get(1).workerNumber();
        rec.awaitRecords(job.jobId(), a, 20);
        rec.awaitRecords(job.jobId(), b, 20);

        Instant killed = Instant.now();
        job.kill(a);
        var lost = rec.awaitEvent(SessionEvent.Detected.class, e -> e.worker().workerNumber() == a);
        assertThat(lost.reason()).isEqualTo(FailureReason.CONNECTION_LOST);
        log.info("ALL: connection loss of worker {} detected {} ms after its sink closed", a, millisBetween(killed, lost.at()));
        rec.awaitRecords(job.jobId(), b, 50);

        int c = job.startLaunched(1).get(0).number();
        var connected = rec.awaitEvent(SessionEvent.Connected.class, e -> e.worker().workerNumber() == c);
        log.info("ALL: replacement worker {} connected {} ms after the loss was detected", c, millisBetween(lost.at(), connected.at()));
        rec.awaitRecords(job.jobId(), c, 20);
        assertThat(session.connectedWorkers()).extracting(SinkWorker::workerNumber).containsExactlyInAnyOrder(b, c);
        assertThat(rec.connectionIds).hasSize(3).allMatch(id -> id.startsWith(session.id() + "-c"));
        assertThat(rec.mismatches).isEmpty();

        session.close();
        await().until(rec.completed::get);
        assertThat(rec.events.get(rec.events.size() - 1)).isInstanceOf(SessionEvent.Closed.class);
        await().until(() -> job.worker(b).sink().consumers() == 0 && job.worker(c).sink().consumers() == 0);
    }

    @Test
    void oneModeFailsOverToAnotherWorkerWhenItsSinkClosesAndKeepsTheSessionId() {
        SinkJob job = runningJob(false);
        SinkSession session = session(SinkTarget.job(job.jobId()), SessionMode.ONE);
        var rec = closing(new SessionRecorder(session));
        int first = rec.awaitEvent(SessionEvent.Connected.class, e -> true).worker().workerNumber();
        rec.awaitRecords(job.jobId(), first, 20);
        int other = rec.awaitEvent(SessionEvent.WorkersChanged.class, e -> e.workers().size() == 2).workers().stream()
                .mapToInt(SinkWorker::workerNumber).filter(n -> n != first).findFirst().orElseThrow();
        assertThat(rec.count(job.jobId(), other)).isZero();

        Instant killed = Instant.now();
        job.kill(first);
        var lost = rec.awaitEvent(SessionEvent.Detected.class, e -> e.worker().workerNumber() == first);
        var moved = rec.awaitEvent(SessionEvent.FailedOver.class, e -> e.from().workerNumber() == first);
        var connected = rec.awaitEvent(SessionEvent.Connected.class, e -> e.worker().workerNumber() == other);
        assertThat(lost.reason()).isEqualTo(FailureReason.CONNECTION_LOST);
        assertThat(moved.to().workerNumber()).isEqualTo(other);
        log.info("ONE: connection loss detected {} ms after the sink closed; failed over and connected {} ms after detection",
                millisBetween(killed, lost.at()), millisBetween(lost.at(), connected.at()));
        rec.awaitRecords(job.jobId(), other, 20);

        assertThat(rec.connectionIds).hasSize(2).allMatch(id -> id.startsWith(session.id() + "-c"));
        var tags = io.micrometer.core.instrument.Tags.of("session", session.id());
        assertThat(meters.get("weir.client.session.connections.opened").tags(tags).counter().count()).isEqualTo(2);
        assertThat(meters.get("weir.client.session.failovers").tags(tags).counter().count()).isEqualTo(1);
        assertThat(meters.get("weir.client.session.failures").tags(tags).tag("reason", "CONNECTION_LOST").counter().count()).isEqualTo(1);
        assertThat(meters.get("weir.client.session.records").tags(tags).counter().count()).isPositive();
        assertThat(meters.get("weir.client.session.worker").tags(tags).gauge().value()).isEqualTo(other);
    }

    @Test
    void hungWorkerIsDetectedByMissedHeartbeatsWithinASecondAndTheSessionFailsOver() {
        SinkJob job = runningJob(true);
        SinkSession session = session(SinkTarget.job(job.jobId()), SessionMode.ONE);
        var rec = closing(new SessionRecorder(session));
        int first = rec.awaitEvent(SessionEvent.Connected.class, e -> true).worker().workerNumber();
        rec.awaitRecords(job.jobId(), first, 20);

        Instant hung = Instant.now();
        job.hang(first);
        var detected = rec.awaitEvent(SessionEvent.Detected.class, e -> e.worker().workerNumber() == first);
        var connected = rec.awaitEvent(SessionEvent.Connected.class, e -> e.worker().workerNumber() != first);
        long detectionMillis = millisBetween(hung, detected.at());
        log.info("ONE: hung worker detected {} ms after it hung ({} ms of silence); the next worker answered {} ms later",
                detectionMillis, detected.silence().toMillis(), millisBetween(detected.at(), connected.at()));
        assertThat(detected.reason()).isEqualTo(FailureReason.HEARTBEAT_MISSED);
        assertThat(detected.silence()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(detectionMillis).isLessThan(1_500);
        rec.awaitRecords(job.jobId(), connected.worker().workerNumber(), 20);
        assertThat(rec.events(SessionEvent.Connecting.class)).hasSize(2);
    }

    @Test
    void aReaderThatHoldsBackIsNotMistakenForAHungWorker() {
        SinkJob job = runningJob(false);
        SinkSession session = closing(client.sinkSession(SinkTarget.job(job.jobId())).mode(SessionMode.ONE).bufferRecords(16).build());
        var events = new CopyOnWriteArrayList<SessionEvent>();
        session.events().subscribe(events::add);
        var received = new AtomicLong();
        var reader = new BaseSubscriber<SinkRecord>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(10);
            }

            @Override
            protected void hookOnNext(SinkRecord record) {
                received.incrementAndGet();
            }
        };
        session.records().subscribe(reader);
        await().until(() -> received.get() == 10);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> events.stream().noneMatch(e -> e instanceof SessionEvent.Detected));
        assertThat(received.get()).isEqualTo(10);

        reader.request(Long.MAX_VALUE);
        await().until(() -> received.get() > 300);
        assertThat(events).noneMatch(e -> e instanceof SessionEvent.Detected);
        assertThat(events).filteredOn(e -> e instanceof SessionEvent.Connecting).hasSize(1);
        reader.dispose();
    }

    @Test
    void workerThatAcceptsButNeverAnswersIsGivenUpAfterTheConnectTimeout() {
        SinkJob job = runningJob(true);
        int silent = client.jobs().get(job.jobId()).stages().get(1).workers().get(0).workerNumber();
        job.hang(silent);
        SinkSession session = session(SinkTarget.job(job.jobId()), SessionMode.ALL);
        var rec = closing(new SessionRecorder(session));
        var failed = rec.awaitEvent(SessionEvent.Detected.class, e -> e.worker().workerNumber() == silent);
        assertThat(failed.reason()).isEqualTo(FailureReason.CONNECT_FAILED);
        assertThat(failed.detail()).contains("no answer within 1000 ms");
        int healthy = session.connectedWorkers().get(0).workerNumber();
        rec.awaitRecords(job.jobId(), healthy, 20);
        assertThat(rec.count(job.jobId(), silent)).isZero();
    }

    @Test
    void clusterSessionFollowsTheNewestJob() {
        SinkJob first = runningJob(false);
        SinkSession session = session(SinkTarget.cluster("wc"), SessionMode.ALL);
        var rec = closing(new SessionRecorder(session));
        rec.awaitEvent(SessionEvent.WorkersChanged.class, e -> e.jobId().equals(first.jobId()) && e.workers().size() == 2)
                .workers().forEach(w -> rec.awaitRecords(first.jobId(), w.workerNumber(), 10));

        SinkJob second = runningJob(false);
        var moved = rec.awaitEvent(SessionEvent.WorkersChanged.class, e -> e.jobId().equals(second.jobId()) && e.workers().size() == 2);
        moved.workers().forEach(w -> rec.awaitRecords(second.jobId(), w.workerNumber(), 10));
        await().untilAsserted(() -> assertThat(session.connectedWorkers()).allMatch(w -> w.jobId().equals(second.jobId())).hasSize(2));
        assertThat(rec.events(SessionEvent.Disconnected.class)).extracting(e -> e.worker().jobId()).containsOnly(first.jobId());
        assertThat(rec.completed).isFalse();
    }

    @Test
    void jobSessionEndsWhenItsJobIsKilled() {
        SinkJob job = runningJob(false);
        SinkSession session = session(SinkTarget.job(job.jobId()), SessionMode.ALL);
        var rec = closing(new SessionRecorder(session));
        rec.awaitEvent(SessionEvent.Connected.class, e -> true);
        client.jobs().kill(job.jobId(), "test over");
        await().until(rec.completed::get);
        assertThat(rec.error.get()).isNull();
        assertThat(rec.awaitEvent(SessionEvent.Closed.class, e -> true).why()).isEqualTo("job " + job.jobId() + " ended");
    }

    @Test
    void unknownJobEndsTheRecordsWithTheMastersSentence() {
        SinkSession session = session(SinkTarget.job("wc-99"), SessionMode.ONE);
        var rec = closing(new SessionRecorder(session));
        await().until(() -> rec.error.get() != null);
        assertThat(rec.error.get()).hasMessage("job wc-99 does not exist");
    }
}
