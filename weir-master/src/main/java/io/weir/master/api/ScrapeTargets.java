package io.weir.master.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.model.JobDetails;
import io.weir.core.model.WorkerState;
import io.weir.master.resource.TaskExecutorState;
import io.weir.master.resource.TaskExecutorView;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Prometheus scrapes in a Weir cluster, in its {@code http_sd} format: the master, every agent that is not lost and
 * every worker that reports a metrics port, each labelled {@code weir_role} and with where it belongs (cluster, job,
 * stage, worker, agent). Pure: built from views the caller collected.
 */
final class ScrapeTargets {

    /** One {@code http_sd} target group: addresses and the labels Prometheus adds to every series scraped from them. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Group(List<String> targets, Map<String, String> labels) {
    }

    private ScrapeTargets() {
    }

    /**
     * The groups for a master reached at {@code masterAddress} ({@code host:port}) over {@code scheme} (workers serve
     * theirs over the same: a cluster uses TLS everywhere or nowhere), the agents of {@code agents} (by resource
     * cluster, each at its registered metrics URL) and the workers of {@code jobs}.
     */
    static List<Group> of(String masterAddress, String scheme, Map<String, List<TaskExecutorView>> agents, List<JobDetails> jobs) {
        var groups = new ArrayList<Group>();
        groups.add(new Group(List.of(masterAddress), labels("master", scheme, "/metrics")));
        agents.forEach((resourceCluster, views) -> views.stream()
                .filter(v -> v.state() != TaskExecutorState.lost && v.metricsUrl() != null)
                .forEach(v -> {
                    URI url = URI.create(v.metricsUrl());
                    var l = labels("agent", url.getScheme(), url.getPath().isEmpty() ? "/metrics" : url.getPath());
                    l.put("weir_agent_id", v.id());
                    l.put("weir_resource_cluster", resourceCluster);
                    groups.add(new Group(List.of(url.getHost() + ":" + url.getPort()), l));
                }));
        for (var job : jobs) {
            for (var stage : job.stages()) {
                for (var w : stage.workers()) {
                    if (w.metricsPort() == null || w.host() == null || w.state() == null || w.state().isTerminal()
                            || w.state() == WorkerState.Accepted) {
                        continue;
                    }
                    var l = labels("worker", scheme, "/metrics");
                    l.put("weir_job_id", job.jobId());
                    l.put("weir_cluster", job.cluster());
                    l.put("weir_stage", String.valueOf(stage.stage()));
                    l.put("weir_worker_index", String.valueOf(w.workerIndex()));
                    l.put("weir_worker_number", String.valueOf(w.workerNumber()));
                    if (w.taskExecutorId() != null) {
                        l.put("weir_agent_id", w.taskExecutorId());
                    }
                    groups.add(new Group(List.of(hostPort(w.host(), w.metricsPort())), l));
                }
            }
        }
        return groups;
    }

    private static Map<String, String> labels(String role, String scheme, String path) {
        var l = new LinkedHashMap<String, String>();
        l.put("weir_role", role);
        l.put("__scheme__", scheme);
        l.put("__metrics_path__", path);
        return l;
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
