package io.weir.client.registry;

import static io.weir.client.registry.Instances.tcp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.registry.UpstreamSet.Source;
import io.weir.core.backoff.ExponentialBackoff;
import io.weir.core.registry.Registration;
import io.weir.core.registry.ServiceType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Registration and upstream watching while no master listens at the client's address. */
class NoMasterTest {

    final WeirClient client = WeirClient.create(WeirClientConfig.of("http://127.0.0.1:" + closedPort()).withConnectTimeoutMillis(1_000));

    @AfterEach
    void close() {
        client.close();
    }

    static int closedPort() {
        try (var s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Registration source(String name) {
        return new Registration(null, name, ServiceType.SOURCE, null, List.of("click.v1"), List.of(tcp("10.0.0.7:7300")), null, null, 2_000L);
    }

    @Test
    void registrationKeepsRetryingWithBackoffAndClosesWithoutAMaster() {
        var meters = new SimpleMeterRegistry();
        var registration = ServiceRegistration.start(client.registry(), source("clicks"),
                ServiceRegistration.Options.defaults().backoff(new ExponentialBackoff(10, 100, 0.5)).meters(meters));
        await().until(() -> registration.state() == ServiceRegistration.State.MASTER_UNREACHABLE);
        assertThat(registration.instanceId()).as("chosen before the first call").matches("clicks-[0-9a-f]{12}");
        assertThat(registration.awaitRegistered(Duration.ofMillis(50))).isFalse();
        registration.close();
        assertThat(registration.state()).isEqualTo(ServiceRegistration.State.CLOSED);
    }

    @Test
    void anInvalidRegistrationIsRefusedBeforeAnyCall() {
        var sink = new Registration(null, "bad name", ServiceType.SINK, null, null, null, null, null, null);
        assertThatThrownBy(() -> ServiceRegistration.start(client.registry(), sink, ServiceRegistration.Options.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name: 'bad name'").hasMessageContaining("inputTypes");
    }

    @Test
    void watcherUsesTheConfiguredFallbackWhenTheMasterIsDownFromTheStart() {
        var seen = new CopyOnWriteArrayList<UpstreamSet>();
        try (var watcher = UpstreamWatcher.start(client.registry(), "click.v1", UpstreamWatcher.Options.defaults()
                .fallback(List.of(tcp("backup-1:7300"), tcp("backup-2:7300"))).backoff(new ExponentialBackoff(10, 100, 0.5)))) {
            watcher.onChange(seen::add);
            await().until(() -> watcher.current().source() == Source.FALLBACK);
            assertThat(watcher.pick()).map(Upstream::address).contains("backup-1:7300");
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).upstreams()).extracting(Upstream::address).containsExactly("backup-1:7300", "backup-2:7300");
        }
    }

    @Test
    void watcherWithoutFallbackKnowsNothing() {
        var seen = new CopyOnWriteArrayList<UpstreamSet>();
        try (var watcher = UpstreamWatcher.start(client.registry(), "click.v1", UpstreamWatcher.Options.defaults()
                .backoff(new ExponentialBackoff(10, 100, 0.5)))) {
            watcher.onChange(seen::add);
            await().during(Duration.ofMillis(300)).until(() -> watcher.current().source() == Source.NONE);
            assertThat(watcher.pick()).isEmpty();
            assertThat(seen).isEmpty();
        }
    }
}
