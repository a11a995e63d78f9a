package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.executor.PortRange;
import io.weir.core.model.JobDetails;
import io.weir.core.model.JobState;
import io.weir.core.model.MachineDefinition;
import io.weir.core.model.WorkerState;
import io.weir.master.resource.TaskExecutorState;
import io.weir.master.resource.TaskExecutorView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScrapeTargetsTest {

    @Test
    void listsTheMasterLiveAgentsAndPlacedWorkersWithWhereTheyBelong() {
        var agents = Map.of("default", List.of(
                agent("a-1", TaskExecutorState.running, "https://10.0.0.5:7001/metrics"),
                agent("a-2", TaskExecutorState.lost, "http://10.0.0.6:7001/metrics")));
        var job = new JobDetails("wc-1", "wc", JobState.Launched, 0, null, null, Map.of(), Map.of(), List.of(
                new JobDetails.Stage(1, 2, List.of(
                        worker(0, 3, WorkerState.Started, "10.0.0.5", 9100),
                        worker(1, 4, WorkerState.Accepted, null, null)))));

        var groups = ScrapeTargets.of("master:8100", "http", agents, List.of(job));

        assertThat(groups).hasSize(3);
        assertThat(groups.get(0).targets()).containsExactly("master:8100");
        assertThat(groups.get(0).labels()).containsEntry("weir_role", "master").containsEntry("__scheme__", "http");
        assertThat(groups.get(1).targets()).containsExactly("10.0.0.5:7001");
        assertThat(groups.get(1).labels()).containsEntry("weir_role", "agent").containsEntry("weir_agent_id", "a-1")
                .containsEntry("__scheme__", "https").containsEntry("__metrics_path__", "/metrics");
        assertThat(groups.get(2).targets()).containsExactly("10.0.0.5:9100");
        assertThat(groups.get(2).labels()).containsEntry("weir_role", "worker").containsEntry("weir_job_id", "wc-1")
                .containsEntry("weir_cluster", "wc").containsEntry("weir_stage", "1").containsEntry("weir_worker_index", "0")
                .containsEntry("weir_worker_number", "3").containsEntry("weir_agent_id", "a-1");
    }

    private static TaskExecutorView agent(String id, TaskExecutorState state, String metricsUrl) {
        return new TaskExecutorView(id, "h", state, new MachineDefinition(2.0, 2048, null, null, null), Map.of(), List.of(), metricsUrl, 0,
                new PortRange(9000, 9100));
    }

    private static JobDetails.Worker worker(int index, int number, WorkerState state, String host, Integer metricsPort) {
        return new JobDetails.Worker(index, number, state, host, List.of(), metricsPort, host == null ? null : "a-1", null, 0,
                null, null, null, null, null, null);
    }
}
