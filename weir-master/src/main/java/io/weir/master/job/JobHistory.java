package io.weir.master.job;

import io.weir.core.model.JobDetails;
import io.weir.master.store.MasterStore;
import io.weir.core.model.WorkerState;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Jobs as the store remembers them, for jobs no longer in memory; blocking reads, any thread but an event loop. */
public final class JobHistory {

    private JobHistory() {
    }

    /** A stored job with the last worker of each slot. */
    public static Optional<JobDetails> details(MasterStore store, String jobId) {
        return store.loadJob(jobId).map(r -> {
            var latest = new LinkedHashMap<String, WorkerRecord>();
            var failures = new HashMap<String, WorkerRecord>();
            for (var w : store.loadWorkers(jobId)) {
                latest.merge(w.slot(), w, (a, b) -> a.workerNumber() > b.workerNumber() ? a : b);
                if (w.state() == WorkerState.Failed) {
                    failures.merge(w.slot(), w, (a, b) -> a.workerNumber() > b.workerNumber() ? a : b);
                }
            }
            return Job.details(r, latest.values(), failures, Map.of(), Map.of(), Map.of());
        });
    }
}
