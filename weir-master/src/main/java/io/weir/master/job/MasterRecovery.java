package io.weir.master.job;

import io.weir.master.loop.ControlLoop;
import io.weir.master.store.MasterStore;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Rebuilds the master's state from the store after a start or restart: clusters first, then active jobs. */
public final class MasterRecovery {

    private static final Logger log = LoggerFactory.getLogger(MasterRecovery.class);

    private MasterRecovery() {
    }

    /** What recovery found. */
    public record Report(int clusters, int jobs, int workers, long millis) {
    }

    /** Reads the store off the loop, then applies it on the loop; completes once every active job is back. */
    public static CompletableFuture<Report> run(ControlLoop loop, MasterStore store, ClusterCatalog clusters, JobSupervisor jobs) {
        long start = System.nanoTime();
        var storedClusters = store.loadClusters();
        var active = store.loadJobs(true, null, Integer.MAX_VALUE);
        var workers = store.loadWorkersOfActiveJobs();
        return loop.call(() -> {
            clusters.recover(storedClusters);
            jobs.recover(active, workers);
            var report = new Report(storedClusters.size(), active.size(), (int) workers.stream().filter(WorkerRecord::isLive).count(),
                    (System.nanoTime() - start) / 1_000_000);
            log.info("Recovered {} clusters, {} active jobs, {} live workers in {} ms", report.clusters(), report.jobs(),
                    report.workers(), report.millis());
            return report;
        });
    }
}
