package io.weir.client.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.testing.Clusters;
import io.weir.client.testing.SinkJob;
import io.weir.core.security.JobTokens;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestSecrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * A reader's session fetches its job's sink token from the master (authentication on, as in production), sends it, and
 * fetches it again when a sink refuses it.
 */
class SinkTokenSessionTest {

    private static final JobTokens TOKENS = new JobTokens(TestSecrets.CLUSTER_SECRET.getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dataDir;
    MasterFixture master;
    WeirClient client;
    WeirClient admin;
    final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start() {
        master = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        client = WeirClient.create(WeirClientConfig.of(master.http().base()).withToken(TestSecrets.READ_TOKEN));
        admin = WeirClient.create(WeirClientConfig.of(master.http().base()).withToken(TestSecrets.ADMIN_TOKEN));
        admin.jobClusters().create(Clusters.twoStages("wc", 1));
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        client.close();
        admin.close();
        master.close();
    }

    private SinkJob runningJob(String readToken) {
        String jobId = admin.jobClusters().submit("wc").jobId();
        var job = new SinkJob(master.http(), jobId, false, readToken == null ? JobTokens.sinkToken(TOKENS.tokenFor(jobId)) : readToken);
        closeables.add(job);
        job.startLaunched(2);
        return job;
    }

    @Test
    void aReadersSessionFetchesTheSinkTokenFromTheMasterAndReads() {
        var job = runningJob(null);
        var session = client.sinkSession(SinkTarget.job(job.jobId())).build();
        closeables.add(session);
        var rec = new SessionRecorder(session);
        closeables.add(rec);
        int worker = rec.awaitEvent(SessionEvent.WorkersChanged.class, e -> e.workers().size() == 1).workers().get(0).workerNumber();
        rec.awaitRecords(job.jobId(), worker, 20);
        assertThat(client.jobs().sinkToken(job.jobId())).hasValue(JobTokens.sinkToken(TOKENS.tokenFor(job.jobId())));
    }

    @Test
    void aSessionSendsTheSinkTokenAndRefetchesItAfterA401() {
        var job = runningJob(null);
        String sinkToken = JobTokens.sinkToken(TOKENS.tokenFor(job.jobId()));
        var fetches = new AtomicInteger();
        var session = client.sinkSession(SinkTarget.job(job.jobId()))
                .sinkTokens(id -> Mono.fromSupplier(() -> Optional.of(fetches.incrementAndGet() == 1 ? "stale" : sinkToken)))
                .build();
        closeables.add(session);
        var rec = new SessionRecorder(session);
        closeables.add(rec);
        int worker = rec.awaitEvent(SessionEvent.WorkersChanged.class, e -> e.workers().size() == 1).workers().get(0).workerNumber();
        rec.awaitRecords(job.jobId(), worker, 20);
        assertThat(fetches.get()).as("one refused token, then the right one, kept").isEqualTo(2);
    }
}
