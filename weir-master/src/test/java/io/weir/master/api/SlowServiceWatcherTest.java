package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.master.registry.RegistryConfig;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.SseClient;
import io.weir.master.testing.TestHttp;
import io.weir.master.testing.TestSecrets;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over real sockets: a registry watcher that stops reading is dropped alone; another keeps receiving. */
class SlowServiceWatcherTest {

    private static final String PATH = "/api/v1/serviceInstancesStream?type=SOURCE";

    @TempDir
    Path dataDir;
    private MasterFixture fixture;
    private Socket stalled;
    private SseClient reader;

    @AfterEach
    void stop() throws IOException {
        if (reader != null) {
            reader.close();
        }
        if (stalled != null) {
            stalled.close();
        }
        fixture.close();
    }

    @Test
    void aWatcherThatStopsReadingIsDroppedWhileAnotherKeepsReceiving() throws Exception {
        fixture = ServiceRoutesTest.startMaster(dataDir, new RegistryConfig(1_000, 600_000, 5, 200, 100));
        TestHttp http = fixture.http().withToken(ServiceRoutesTest.SERVICE_TOKEN);
        var metadata = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            metadata.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"").append("x".repeat(500)).append('"');
        }
        List<JsonNode> leases = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            var res = http.post("/api/v1/serviceInstances", ServiceRoutesTest.with(ServiceRoutesTest.CLICKS, "\"metadata\":{" + metadata + "}"));
            assertThat(res.status()).as(res.text()).isEqualTo(201);
            leases.add(res.body());
        }
        await("rebuilding ended, itself an event").until(() -> !http.get("/api/v1/serviceInstances").body().get("rebuilding").asBoolean());
        stalled = neverRead(URI.create(http.base()).getPort(), PATH);
        reader = new SseClient(http.base() + PATH);
        assertThat(ServiceRoutesTest.ids(ServiceRoutesTest.nextChange(reader, 5))).hasSize(10);

        var lease = leases.getFirst();
        String beat = "/api/v1/serviceInstances/" + lease.get("instanceId").asText() + "/heartbeat";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int n = 0;
        while (dropped(http) < 1) {
            assertThat(System.nanoTime()).as("the stalled watcher is dropped within 60 s").isLessThan(deadline);
            String status = n++ % 2 == 0 ? "UNHEALTHY" : "HEALTHY";
            assertThat(http.send("PUT", beat, "{\"health\":{\"status\":\"" + status + "\"}}", "X-Weir-Lease",
                    lease.get("leaseToken").asText()).status()).isEqualTo(200);
            var event = ServiceRoutesTest.nextChange(reader, 5);
            assertThat(event.get("instances").findValuesAsText("status")).as("the reader keeps up").contains(status);
        }
        assertThat(drainsToEnd(stalled)).as("the stalled watcher's connection is closed").isTrue();
        assertThat(http.send("PUT", beat, "{\"health\":{\"status\":\"DEGRADED\"}}", "X-Weir-Lease",
                lease.get("leaseToken").asText()).status()).isEqualTo(200);
        assertThat(ServiceRoutesTest.nextChange(reader, 5).get("instances").findValuesAsText("status")).contains("DEGRADED");
        await().atMost(Duration.ofSeconds(2)).until(() -> reader.next(1).path("heartbeat").asBoolean());
        assertThat(reader.isCompleted()).isFalse();
        assertThat(dropped(http)).isEqualTo(1);
    }

    private static double dropped(TestHttp http) {
        return http.get("/metrics").text().lines().filter(l -> l.startsWith("weir_registry_watchers_dropped_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1))).findFirst().orElse(-1);
    }

    /** Opens a watch whose socket is never read, with a small receive buffer. */
    private static Socket neverRead(int port, String path) throws IOException {
        var s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + TestSecrets.READ_TOKEN
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return s;
    }

    private static boolean drainsToEnd(Socket s) throws IOException {
        s.setSoTimeout(10_000);
        byte[] buf = new byte[64 * 1024];
        try {
            while (s.getInputStream().read(buf) >= 0) {
                // discards what the master had sent before it dropped this watcher
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
