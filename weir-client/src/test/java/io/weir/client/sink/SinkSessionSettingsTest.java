package io.weir.client.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.client.WeirClient;
import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import io.weir.core.model.WorkerState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a session asks of sinks, how settings are validated, and which workers count as sink workers. */
class SinkSessionSettingsTest {

    private final WeirClient client = WeirClient.create("http://127.0.0.1:1");

    @AfterEach
    void close() {
        client.close();
    }

    private static SessionSettings settings(SinkSession.Builder builder) {
        try (SinkSession session = builder.build()) {
            return session.settings();
        }
    }

    @Test
    void sinksAreAlwaysAskedForPingsAndGetTheCallersOptions() {
        var plain = settings(client.sinkSession(SinkTarget.job("wc-1")).sessionId("s-1"));
        assertThat(plain.query()).isEqualTo("?heartbeatMSec=300");
        var all = settings(client.sinkSession(SinkTarget.job("wc-1")).sessionId("s-1").clientId("dash board")
                .sampleMillis(100).metaMessages(true).heartbeatMillis(50));
        assertThat(all.query()).isEqualTo("?heartbeatMSec=50&clientId=dash+board&slotId=s-1&sampleMSec=100&enableMetaMessages=true");
        assertThat(all.silenceTimeoutNanos()).isEqualTo(100_000_000L);
    }

    @Test
    void badSettingsAreRejectedNamingTheSettingAndTheRange() {
        assertThatThrownBy(() -> client.sinkSession(SinkTarget.cluster("wc")).heartbeatMillis(10).build())
                .hasMessage("heartbeatMillis: 10 (expected: 50 to 3600000)");
        assertThatThrownBy(() -> client.sinkSession(SinkTarget.cluster("wc")).slotId("a").build())
                .hasMessage("slotId: 'a' (expected: a clientId as well, slots are per client group)");
        assertThatThrownBy(() -> client.sinkSession(SinkTarget.cluster("wc")).sessionId("a b").build())
                .hasMessageStartingWith("sessionId: 'a b'");
    }

    @Test
    void generatedSessionIdsDiffer() {
        try (var one = client.sinkSession(SinkTarget.cluster("wc")).build();
             var two = client.sinkSession(SinkTarget.cluster("wc")).build()) {
            assertThat(one.id()).startsWith("s-").isNotEqualTo(two.id());
        }
    }

    @Test
    void sinkWorkersAreTheLastStagesWorkersOnTheirFirstPort() {
        var info = new JobSchedulingInfo("wc-1", Map.of(
                1, new WorkerAssignments(1, 1, Map.of(3, new WorkerHost("h1", 0, List.of(7001), WorkerState.Started, 3, null, null, null))),
                2, new WorkerAssignments(2, 2, Map.of(
                        9, new WorkerHost("h2", 1, List.of(7102, 7103), WorkerState.Started, 9, 7100, null, null),
                        4, new WorkerHost("::1", 0, List.of(7101), WorkerState.Started, 4, null, null, null)))));
        assertThat(SinkWorker.of(info)).containsExactly(
                new SinkWorker("wc-1", 2, 0, 4, "::1", 7101),
                new SinkWorker("wc-1", 2, 1, 9, "h2", 7102));
        assertThat(SinkWorker.of(info).get(0).baseUrl()).isEqualTo("http://[::1]:7101");
        assertThat(SinkWorker.of(info).get(1).baseUrl("https")).isEqualTo("https://h2:7102");
        assertThat(SinkWorker.of(new JobSchedulingInfo("wc-1", Map.of()))).isEmpty();
    }
}
