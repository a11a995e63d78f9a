package io.weir.master.job;

import io.weir.master.store.StoreBatch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One change to active jobs, built first and then committed by {@link ActiveJobs#commit} in the one order that keeps a
 * restart exact: the store (one transaction), then memory, then the scheduler, then discovery. Nothing outside the store
 * sees a change the store might not have.
 */
final class JobChange {

    private final long now;
    private final StoreBatch batch = new StoreBatch();
    private final List<Runnable> memory = new ArrayList<>();
    private final List<Runnable> scheduling = new ArrayList<>();
    private final Set<Job> touched = new LinkedHashSet<>();

    JobChange(long now) {
        this.now = now;
    }

    long now() {
        return now;
    }

    /** The store rows of this change, for rows that are not a job's or a worker's (a cluster's job counter). */
    StoreBatch batch() {
        return batch;
    }

    JobChange insertWorker(Job job, WorkerRecord w) {
        batch.insertWorker(w);
        memory.add(() -> job.put(w, now));
        touched.add(job);
        return this;
    }

    JobChange updateWorker(Job job, WorkerRecord w) {
        batch.updateWorker(w);
        memory.add(() -> job.put(w, now));
        touched.add(job);
        return this;
    }

    JobChange updateJob(Job job, JobRecord r) {
        batch.updateJob(r);
        memory.add(() -> job.record(r));
        touched.add(job);
        return this;
    }

    /** Memory-only work, done right after the store write. */
    JobChange inMemory(Runnable r) {
        memory.add(r);
        return this;
    }

    /** Work for the scheduler (reserve, cancel, terminate), done once memory is up to date. */
    JobChange thenSchedule(Runnable r) {
        scheduling.add(r);
        return this;
    }

    List<Runnable> memory() {
        return memory;
    }

    List<Runnable> scheduling() {
        return scheduling;
    }

    Set<Job> touched() {
        return touched;
    }
}
