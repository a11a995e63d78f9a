package io.weir.client.sink;

import io.weir.core.model.JobSchedulingInfo;
import io.weir.core.model.WorkerAssignments;
import io.weir.core.model.WorkerHost;
import java.util.Comparator;
import java.util.List;

/**
 * One sink worker as discovery announced it: the last stage's Started worker and the port its sink serves on (its
 * first data port). Two values are the same worker only if every field is equal, so a replacement (new number) or a
 * move (new host or port) is a different worker.
 */
public record SinkWorker(String jobId, int stage, int workerIndex, int workerNumber, String host, int port) {

    /** The Started workers of the last stage in {@code info}, by index then number; empty for an ended job. */
    public static List<SinkWorker> of(JobSchedulingInfo info) {
        if (info.workerAssignments() == null || info.workerAssignments().isEmpty()) {
            return List.of();
        }
        int sinkStage = info.workerAssignments().keySet().stream().max(Integer::compare).orElseThrow();
        WorkerAssignments stage = info.workerAssignments().get(sinkStage);
        return stage.hosts().values().stream()
                .filter(h -> !h.port().isEmpty() && h.host() != null)
                .map(h -> of(info.jobId(), sinkStage, h))
                .sorted(Comparator.comparingInt(SinkWorker::workerIndex).thenComparingInt(SinkWorker::workerNumber))
                .toList();
    }

    private static SinkWorker of(String jobId, int stage, WorkerHost h) {
        return new SinkWorker(jobId, stage, h.workerIndex(), h.workerNumber(), h.host(), h.port().get(0));
    }

    /** {@code http://host:port}, with an IPv6 host in brackets. */
    public String baseUrl() {
        return baseUrl("http");
    }

    /** {@code scheme://host:port}, with an IPv6 host in brackets. */
    public String baseUrl(String scheme) {
        return scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return jobId + " worker " + workerNumber + " (index " + workerIndex + ") at " + host + ":" + port;
    }
}
