package io.weir.master.store;

import io.weir.master.job.ClusterRecord;
import io.weir.master.job.JobRecord;
import io.weir.master.job.WorkerRecord;
import java.util.List;
import java.util.Optional;

/** Durable home of clusters, jobs and workers. A write returns only once it is durable. Blocking; never call on an event loop. */
public interface MasterStore extends ExecutorStore, AutoCloseable {

    /** Applies every change of the batch in one transaction; throws {@link StoreException} when nothing was written. */
    void write(StoreBatch batch);

    List<ClusterRecord> loadClusters();

    /** Jobs, newest first; {@code activeOnly} skips terminal ones, {@code cluster} (nullable) filters, at most {@code limit}. */
    List<JobRecord> loadJobs(boolean activeOnly, String cluster, int limit);

    Optional<JobRecord> loadJob(String jobId);

    /** Workers of every non-terminal job, live and terminal, so counters and histories can be rebuilt. */
    List<WorkerRecord> loadWorkersOfActiveJobs();

    List<WorkerRecord> loadWorkers(String jobId);

    @Override
    void close();
}
