package io.weir.transport.rpc.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportId;
import io.weir.transport.TransportException;
import io.weir.transport.config.StreamFormat;
import io.weir.transport.metrics.TransportMetrics;
import io.weir.transport.rpc.ControlHandler;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcException;
import io.weir.transport.rpc.RpcRequest;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class HttpResponseTimeoutTest {

    @Test
    void responseLongerThanTheTimeoutEndsWithAnErrorAndKillsTheHandler() {
        AtomicBoolean killed = new AtomicBoolean();
        TransportMetrics metrics = TransportMetrics.noop(TransportId.HTTP, Plane.REQUEST);
        try (HttpRpcServer server = HttpRpcServer.start(new InetSocketAddress("127.0.0.1", 0), "/v1/rpc",
                StreamFormat.NDJSON, Duration.ofMillis(200), Map.of("forever", (request, response) -> {
                    response.send("{\"first\":1}".getBytes());
                    return new ControlHandler() {
                        @Override
                        public void onKill() {
                            killed.set(true);
                        }
                    };
                }), null, metrics);
             HttpRpcClient client = new HttpRpcClient("/v1/rpc", 2, metrics)) {
            AtomicReference<TransportException> error = new AtomicReference<>();
            client.call(server.address(), new RpcRequest("forever", Map.of(), null), 10, new ResponseListener() {
                @Override
                public void onRecord(byte[] record) {
                }

                @Override
                public void onEnd() {
                }

                @Override
                public void onError(TransportException e) {
                    error.set(e);
                }
            });
            await().until(() -> error.get() != null);
            assertThat(error.get()).isInstanceOf(RpcException.class)
                    .hasMessage("response exceeded 200 ms (WEIR_HTTP_RESPONSE_TIMEOUT_SECS)");
            assertThat(killed).isTrue();
        }
    }
}
