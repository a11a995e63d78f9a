package io.weir.runtime.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import io.weir.core.model.WorkerState;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void onlyStartedWorkersWithAPortBecomeEndpoints() {
        WorkerAssignments stage = new WorkerAssignments(1, 4, Map.of(
                7, host(7, 0, WorkerState.Started, List.of(7159)),
                8, host(8, 1, WorkerState.StartInitiated, List.of(7160)),
                9, host(9, 2, WorkerState.Started, List.of()),
                3, host(3, 3, WorkerState.Started, List.of(7161))));

        assertThat(Endpoints.of(stage)).containsExactly(
                new Endpoint(3, 3, "10.0.0.5", 7161), new Endpoint(7, 0, "10.0.0.5", 7159));
    }

    @Test
    void advertisedTcpStreamEndpointWinsOverTheDataPort() {
        TransportEndpoint stream = new TransportEndpoint(TransportId.TCP, Plane.STREAM, "10.0.0.9:7300", null, null);
        TransportEndpoint request = new TransportEndpoint(TransportId.TCP, Plane.REQUEST, "10.0.0.9:7400", null, null);
        WorkerHost host = new WorkerHost("10.0.0.5", 0, List.of(7159), WorkerState.Started, 7, null, null,
                List.of(request, stream));

        assertThat(Endpoints.of(host)).contains(new Endpoint(7, 0, "10.0.0.9", 7300));
    }

    @Test
    void heartbeatChangesNothingAndAnEndedJobExpectsNothing() {
        assertThat(Endpoints.forStage(JobSchedulingInfo.heartbeat(), 1)).isEmpty();
        assertThat(Endpoints.forStage(new JobSchedulingInfo("j-1", Map.of()), 1)).contains(java.util.Set.of());
        JobSchedulingInfo info = new JobSchedulingInfo("j-1", Map.of(1, new WorkerAssignments(1, 1,
                Map.of(7, host(7, 0, WorkerState.Started, List.of(7159))))));
        assertThat(Endpoints.forStage(info, 1).orElseThrow()).hasSize(1);
        assertThat(Endpoints.forStage(info, 2).orElseThrow()).isEmpty();
    }

    @Test
    void identityIsWorkerNumberHostAndPort() {
        Endpoint e = new Endpoint(7, 0, "h", 1);
        assertThat(new Endpoint(7, 3, "h", 1)).isEqualTo(e).hasSameHashCodeAs(e);
        assertThat(new Endpoint(8, 0, "h", 1)).isNotEqualTo(e);
        assertThat(new Endpoint(7, 0, "h", 2)).isNotEqualTo(e);
        assertThat(new Endpoint(7, 0, "g", 1)).isNotEqualTo(e);
    }

    private static WorkerHost host(int number, int index, WorkerState state, List<Integer> ports) {
        return new WorkerHost("10.0.0.5", index, ports, state, number, null, null, null);
    }
}
