package io.weir.transport.rpc.planes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.weir.core.json.Json;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.config.TransportConfig;
import io.weir.transport.registry.NoSuitableTransportException;
import io.weir.transport.registry.StandardTransports;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import io.weir.transport.rpc.RpcHandler;
import io.weir.transport.rpc.RpcRequest;
import io.weir.transport.rpc.nats.NatsRpcClient;
import io.weir.transport.tcp.TcpChannels;
import io.weir.transport.testing.NatsServerProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The planes as configured by WEIR_* variables: servers, advertised endpoints and the matching client. */
class ConfiguredPlanesTest {

    private static final Map<String, RpcHandler> HANDLERS = Map.of("echo", (request, response) -> {
        response.send(("{\"echo\":\"" + new String(request.body(), StandardCharsets.UTF_8) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        response.end();
        return ControlHandler.NONE;
    });

    private final EventLoopGroup group = TcpChannels.newGroup(2);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static TransportConfig config(String request, String response, String format) {
        Map<String, String> env = new HashMap<>(Map.of("WEIR_REQUEST_PLANE", request, "WEIR_RESPONSE_PLANE", response,
                "WEIR_HTTP_RESPONSE_STREAM_FORMAT", format, "WEIR_TCP_REQUEST_HOST", "127.0.0.1",
                "WEIR_TCP_REQUEST_PORT", "0", "WEIR_HTTP_RPC_HOST", "127.0.0.1", "WEIR_HTTP_RPC_PORT", "0",
                "WEIR_TCP_RESPONSE_HOST", "127.0.0.1", "WEIR_TCP_POOL_MIN_IDLE", "0"));
        return TransportConfig.from(env, new Properties());
    }

    @ParameterizedTest
    @CsvSource({"tcp,tcp,sse", "http,http,sse", "http,http,ndjson", "http,http,binary", "http,tcp,sse"})
    void everyConfiguredCombinationAnswers(String request, String response, String format) throws Exception {
        TransportConfig config = config(request, response, format);
        try (RpcServers servers = RpcServers.start(config, HANDLERS, group, registry, Clock.systemUTC());
             RpcClient client = RpcClients.create(config, StandardTransports.registry(), TransportCapabilities.NONE,
                     group, registry, Clock.systemUTC())) {
            Answer answer = new Answer();
            client.call(servers.address(config.requestPlane()), new RpcRequest("echo", Map.of(),
                    "hi".getBytes(StandardCharsets.UTF_8)), 10, answer);
            assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(answer.records).containsExactly("{\"echo\":\"hi\"}");
            TransportEndpoint endpoint = servers.endpoints().get(0);
            assertThat(endpoint.transportId()).isEqualTo(config.requestPlane());
            String json = Json.strict().writeValueAsString(servers.endpoints());
            assertThat(json).contains("\"transportId\":\"" + request + "\"");
        }
    }

    @Test
    void natsRequestPlaneAnswersOverCallHome() throws Exception {
        try (NatsServerProcess nats = NatsServerProcess.start()) {
            Map<String, String> env = new HashMap<>(Map.of("WEIR_REQUEST_PLANE", "nats", "WEIR_NATS_URL", nats.url(),
                    "WEIR_NATS_SERVICE", "echoes", "WEIR_TCP_RESPONSE_HOST", "127.0.0.1", "WEIR_TCP_POOL_MIN_IDLE", "0"));
            TransportConfig config = TransportConfig.from(env, new Properties());
            try (RpcServers servers = RpcServers.start(config, HANDLERS, group, registry, Clock.systemUTC());
                 RpcClient client = RpcClients.create(config, StandardTransports.registry(), TransportCapabilities.NONE,
                         group, registry, Clock.systemUTC())) {
                TransportEndpoint endpoint = servers.endpoints().get(0);
                assertThat(endpoint.transportId()).isEqualTo(TransportId.NATS);
                assertThat(endpoint.address()).isEqualTo("weir.rpc.echoes");
                assertThat(endpoint.metadata()).containsEntry("responsePlane", "tcp")
                        .containsKey("workerSubject");
                for (InetSocketAddress target : List.of(NatsRpcClient.target(endpoint.address()),
                        servers.address(TransportId.NATS))) {
                    Answer answer = new Answer();
                    client.call(target, new RpcRequest("echo", Map.of(), "hi".getBytes(StandardCharsets.UTF_8)), 10,
                            answer);
                    assertThat(answer.get(5, TimeUnit.SECONDS)).isTrue();
                    assertThat(answer.records).containsExactly("{\"echo\":\"hi\"}");
                }
                assertThat(registry.get("weir.transport.requests").tags("transport", "nats", "plane", "request")
                        .counters()).extracting(c -> c.count()).containsExactly(4.0); // 2 sent + 2 served
            }
        }
    }

    @Test
    void fallbackPlaneIsServedToo() {
        Map<String, String> env = new HashMap<>(Map.of("WEIR_REQUEST_PLANE", "http", "WEIR_REQUEST_PLANE_FALLBACK", "tcp",
                "WEIR_RESPONSE_PLANE", "http", "WEIR_TCP_REQUEST_PORT", "0", "WEIR_HTTP_RPC_PORT", "0",
                "WEIR_TCP_REQUEST_HOST", "127.0.0.1", "WEIR_HTTP_RPC_HOST", "127.0.0.1"));
        try (RpcServers servers = RpcServers.start(TransportConfig.from(env, new Properties()), HANDLERS, group,
                registry, Clock.systemUTC())) {
            assertThat(servers.endpoints()).extracting(TransportEndpoint::transportId)
                    .containsExactlyInAnyOrder(TransportId.TCP, TransportId.HTTP);
        }
    }

    @Test
    void clientRequirementTheConfiguredPlaneLacksFailsAtStart() {
        TransportCapabilities bidirectional = new TransportCapabilities(false, false, true, null);
        assertThatThrownBy(() -> RpcClients.create(config("http", "http", "sse"), StandardTransports.registry(),
                bidirectional, group, registry, Clock.systemUTC()))
                .isInstanceOf(NoSuitableTransportException.class)
                .hasMessageContaining("WEIR_REQUEST_PLANE=http").hasMessageContaining("lacks bidirectional");
    }

    /** Completes true at the response's end. */
    private static final class Answer extends CompletableFuture<Boolean> implements ResponseListener {
        final List<String> records = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onRecord(byte[] record) {
            records.add(new String(record, StandardCharsets.UTF_8));
        }

        @Override
        public void onEnd() {
            complete(true);
        }

        @Override
        public void onError(TransportException error) {
            completeExceptionally(error);
        }
    }
}
