package io.weir.client.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.WeirClientException;
import io.weir.client.testing.Clusters;
import io.weir.client.testing.SinkJob;
import io.weir.client.testing.TcpProxy;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/** Discovery streams against a real master, reached through a relay so that a restarted master keeps its address. */
class DiscoveryTest {

    @TempDir
    Path dataDir;
    MasterFixture master;
    TcpProxy relay;
    WeirClient client;
    final List<Disposable> subscriptions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        master = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        relay = new TcpProxy(master.master().port());
        client = WeirClient.create(WeirClientConfig.of("http://127.0.0.1:" + relay.port()).withDiscoveryIdleTimeoutMillis(2_000)
                .withToken(io.weir.master.testing.TestSecrets.ADMIN_TOKEN));
        client.jobClusters().create(Clusters.twoStages("wc", 2));
    }

    @AfterEach
    void stop() {
        subscriptions.forEach(Disposable::dispose);
        client.close();
        relay.close();
        master.close();
    }

    /** Everything a Flux emits, and whether it completed. */
    final class Collected<T> {
        final List<T> items = new CopyOnWriteArrayList<>();
        final AtomicBoolean completed = new AtomicBoolean();

        Collected(Flux<T> flux) {
            subscriptions.add(flux.subscribe(items::add, e -> { }, () -> completed.set(true)));
        }

        T last() {
            return items.get(items.size() - 1);
        }
    }

    @Test
    void schedulingInfoShowsStartedWorkersWithoutHeartbeatsAndEndsWithTheJob() {
        String jobId = client.jobClusters().submit("wc").jobId();
        var infos = new Collected<>(client.discovery().schedulingInfo(jobId));
        try (var job = new SinkJob(master.http(), jobId, false)) {
            var sinks = job.startLaunched(3);
            await().untilAsserted(() -> assertThat(infos.last().workerAssignments().get(2).hosts()).hasSize(2));
            assertThat(infos.last().workerAssignments().get(2).hosts().values())
                    .extracting(h -> h.port().get(0)).containsExactlyInAnyOrderElementsOf(sinks.stream().map(SinkJob.Worker::port).toList());
            await().during(Duration.ofMillis(500)).until(() -> infos.items.stream().noneMatch(JobSchedulingInfo::isHeartbeat));

            client.jobs().kill(jobId, "done");
            await().until(infos.completed::get);
            assertThat(infos.last().isJobEnded()).isTrue();
        }
    }

    @Test
    void subscriptionContinuesAcrossAMasterRestart() {
        String jobId = client.jobClusters().submit("wc").jobId();
        var infos = new Collected<>(client.discovery().schedulingInfo(jobId));
        var named = new Collected<>(client.discovery().namedJob("wc"));
        await().until(() -> !infos.items.isEmpty() && !named.items.isEmpty());

        // WeirMaster.close() leaves open discovery streams sending heartbeats, so the relay cuts them as a crash would
        master.restart();
        relay.target(master.master().port());
        relay.cut();
        int before = infos.items.size();
        await().atMost(Duration.ofSeconds(10)).until(() -> infos.items.size() > before);

        client.jobClusters().submit("wc");
        await().untilAsserted(() -> assertThat(named.items).containsExactly("wc-1", "wc-2"));
        client.jobs().kill(jobId, "after the restart");
        await().until(infos.completed::get);
        assertThat(infos.last().isJobEnded()).isTrue();
    }

    @Test
    void clusterSchedulingInfoSwitchesToTheNewestJob() {
        client.jobClusters().submit("wc");
        var named = new Collected<>(client.discovery().namedJob("wc"));
        var infos = new Collected<>(client.discovery().clusterSchedulingInfo("wc"));
        await().untilAsserted(() -> assertThat(infos.items).isNotEmpty().allMatch(i -> i.jobId().equals("wc-1")));

        client.jobClusters().submit("wc");
        await().untilAsserted(() -> assertThat(infos.last().jobId()).isEqualTo("wc-2"));
        assertThat(named.items).containsExactly("wc-1", "wc-2");
        assertThat(infos.completed).isFalse();
    }

    @Test
    void unknownJobOrClusterFailsWithTheMastersSentenceInsteadOfRetrying() {
        assertThatThrownBy(() -> client.discovery().schedulingInfo("nope-1").blockFirst(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(WeirClientException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("job nope-1 does not exist");
        assertThatThrownBy(() -> client.discovery().namedJob("nope").blockFirst(Duration.ofSeconds(5)))
                .isInstanceOf(WeirClientException.class).hasMessage("job cluster 'nope' does not exist");
    }
}
