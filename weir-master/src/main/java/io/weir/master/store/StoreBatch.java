package io.weir.master.store;

import io.weir.master.job.ClusterRecord;
import io.weir.master.job.JobRecord;
import io.weir.master.job.WorkerRecord;
import java.util.ArrayList;
import java.util.List;

/** Changes written together in one transaction; the writer knows whether each row is new or updated. */
public final class StoreBatch {

    /** One row change. */
    public sealed interface Change {
    }

    public record InsertCluster(ClusterRecord cluster) implements Change {
    }

    public record UpdateCluster(ClusterRecord cluster) implements Change {
    }

    public record DeleteCluster(String name) implements Change {
    }

    public record InsertJob(JobRecord job) implements Change {
    }

    public record UpdateJob(JobRecord job) implements Change {
    }

    public record InsertWorker(WorkerRecord worker) implements Change {
    }

    public record UpdateWorker(WorkerRecord worker) implements Change {
    }

    private final List<Change> changes = new ArrayList<>();

    public StoreBatch insertCluster(ClusterRecord c) {
        return add(new InsertCluster(c));
    }

    public StoreBatch updateCluster(ClusterRecord c) {
        return add(new UpdateCluster(c));
    }

    public StoreBatch deleteCluster(String name) {
        return add(new DeleteCluster(name));
    }

    public StoreBatch insertJob(JobRecord j) {
        return add(new InsertJob(j));
    }

    public StoreBatch updateJob(JobRecord j) {
        return add(new UpdateJob(j));
    }

    public StoreBatch insertWorker(WorkerRecord w) {
        return add(new InsertWorker(w));
    }

    public StoreBatch updateWorker(WorkerRecord w) {
        return add(new UpdateWorker(w));
    }

    private StoreBatch add(Change c) {
        changes.add(c);
        return this;
    }

    public List<Change> changes() {
        return changes;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
