package io.weir.client.sink;

import java.util.Objects;

/** What a session reads: one job's sink, or the sink of whichever job is a cluster's newest. */
public sealed interface SinkTarget {

    /** One job; the session ends when the job does. */
    record Job(String jobId) implements SinkTarget {
        public Job {
            Objects.requireNonNull(jobId, "jobId");
        }
    }

    /** A job cluster; the session moves to each newly submitted job and lives on across jobs. */
    record Cluster(String name) implements SinkTarget {
        public Cluster {
            Objects.requireNonNull(name, "name");
        }
    }

    static SinkTarget job(String jobId) {
        return new Job(jobId);
    }

    static SinkTarget cluster(String name) {
        return new Cluster(name);
    }
}
