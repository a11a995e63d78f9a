package io.weir.client.rest;

import java.util.List;

/** The last lines of a worker process's log, as its agent keeps it. */
public record WorkerLog(String jobId, int workerNumber, List<String> lines) {

    public WorkerLog {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
