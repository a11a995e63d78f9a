package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.core.transport.TransportCapabilities;
import io.weir.examples.TokenServiceJob;
import io.weir.master.testing.SseClient;
import io.weir.runtime.service.ServiceEnvelope;
import io.weir.runtime.service.ServiceProtocol;
import io.weir.transport.TransportException;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.registry.StandardTransports;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.planes.RpcClients;
import io.weir.transport.tcp.TcpChannels;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token service on a master and an agent, real processes: discovery carries its endpoints, a client calls them. */
class ServiceJobEndToEndTest {

    @TempDir
    Path dataDir;

    @Test
    void aServiceWorkersDiscoveryEntryCarriesItsEndpointsAndAnswersOnThem() throws Exception {
        try (var cluster = LocalCluster.start(dataDir, 1)) {
            var http = cluster.http();
            var created = http.post("/api/v1/jobClusters", "{\"name\":\"tokens\",\"jobClass\":\"io.weir.examples.TokenServiceJob\","
                    + "\"parameters\":{\"tokensPerSecond\":\"0\"},\"stages\":{\"1\":{\"numWorkers\":1,"
                    + "\"machine\":{\"cpuCores\":0.5,\"memoryMB\":128}}}}");
            assertThat(created.status()).as(created.text()).isEqualTo(201);
            String jobId = http.post("/api/v1/jobClusters/tokens/jobs", "").body().get("jobId").asText();

            JsonNode endpoint = null;
            try (var discovery = new SseClient(cluster.masterUrl() + "/assignmentresults/" + jobId + "?sendHB=true")) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (endpoint == null && System.nanoTime() < deadline) {
                    JsonNode event = discovery.nextNonHeartbeat(60);
                    for (JsonNode host : event.path("workerAssignments").path("1").path("hosts")) {
                        for (JsonNode e : host.path("endpoints")) {
                            if (e.path("transportId").asText().equals("tcp")) {
                                endpoint = e;
                            }
                        }
                    }
                }
            }
            assertThat(endpoint).as("a Started worker with a tcp endpoint in discovery").isNotNull();
            assertThat(endpoint.path("plane").asText()).isEqualToIgnoringCase("request");
            assertThat(endpoint.path("metadata").path("service").asText()).isEqualTo(ServiceProtocol.ENDPOINT);
            assertThat(endpoint.path("metadata").path("resumable").asText()).isEqualTo("true");
            String[] hostPort = endpoint.path("address").asText().split(":");
            assertThat(hostPort[0]).isEqualTo("127.0.0.1");

            var config = TransportConfig.from(Map.of("WEIR_TCP_POOL_MIN_IDLE", "0"), new Properties());
            var group = TcpChannels.newGroup(1);
            try (var client = RpcClients.create(config, StandardTransports.registry(), TransportCapabilities.NONE, group,
                    new SimpleMeterRegistry(), Clock.systemUTC())) {
                var records = new CopyOnWriteArrayList<String>();
                var ended = new CompletableFuture<Boolean>();
                client.call(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])),
                        new RpcRequest(ServiceProtocol.ENDPOINT, Map.of("count", "12", ServiceProtocol.FROM, "4", ServiceProtocol.TOKEN,
                                http.get("/api/v1/jobs/" + jobId + "/sinkToken").body().get("sinkToken").asText()),
                                "a prompt".getBytes(StandardCharsets.UTF_8)), 100, new ResponseListener() {
                            @Override
                            public void onRecord(byte[] record) {
                                var envelope = ServiceEnvelope.decode(record);
                                records.add(envelope.position() + "=" + envelope.text());
                            }

                            @Override
                            public void onEnd() {
                                ended.complete(true);
                            }

                            @Override
                            public void onError(TransportException error) {
                                ended.completeExceptionally(error);
                            }
                        });
                assertThat(ended.get(30, TimeUnit.SECONDS)).isTrue();
                List<String> expected = TokenServiceJob.tokens("a prompt", 4, 12).stream()
                        .map(t -> t.substring(0, t.indexOf(':')) + "=" + t).toList();
                assertThat(records).containsExactlyElementsOf(expected);
            } finally {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
        }
    }
}
