package io.weir.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.worker.WorkerContext;
import io.weir.transport.config.TransportConfig;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ServiceRunnerTest {

    private static WorkerContext worker(List<Integer> ports) {
        return new WorkerContext("svc-1", 1, 1, 0, 1, Map.of(), ports, "10.0.0.5", "http://m:1", null, "127.0.0.1");
    }

    @Test
    void theRequestPlaneBindsTheFirstAssignedPortAndItsFallbackTheSecond() {
        var config = TransportConfig.from(Map.of("WEIR_REQUEST_PLANE", "http", "WEIR_REQUEST_PLANE_FALLBACK", "tcp",
                "WEIR_RESPONSE_PLANE", "http"), new Properties());
        var bound = ServiceRunner.bound(config, worker(List.of(7100, 7101)));
        assertThat(bound.httpRpcPort()).isEqualTo(7100);
        assertThat(bound.tcpRequestPort()).isEqualTo(7101);
        assertThat(bound.httpRpcHost()).isEqualTo("127.0.0.1");
        assertThat(bound.tcpRequestHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void withoutAssignedPortsTheServersTakeFreeOnesNotTheConfiguredDefaults() {
        var bound = ServiceRunner.bound(TransportConfig.defaults(), worker(List.of()));
        assertThat(bound.tcpRequestPort()).isZero();
        assertThat(bound.httpRpcPort()).isZero();
        var one = ServiceRunner.bound(TransportConfig.defaults(), worker(List.of(7200)));
        assertThat(one.tcpRequestPort()).isEqualTo(7200);
    }
}
