package io.weir.master.job;

import io.weir.core.model.JobDetails;
import io.weir.master.store.MasterStore;
import java.util.LinkedHashMap;
import java.util.Optional;

/** Jobs as the store remembers them, for jobs no longer in memory; blocking reads, any thread but an event loop. */
public final class JobHistory {

    private JobHistory() {
    }

    /** A stored job with the last worker of each slot. */
    public static Optional<JobDetails> details(MasterStore store, String jobId) {
        return store.loadJob(jobId).map(r -> {
            var latest = new LinkedHashMap<String, WorkerRecord>();
            store.loadWorkers(jobId).forEach(w -> latest.merge(w.stage() + "/" + w.workerIndex(), w,
                    (a, b) -> a.workerNumber() > b.workerNumber() ? a : b));
            return Job.details(r, latest.values());
        });
    }
}
