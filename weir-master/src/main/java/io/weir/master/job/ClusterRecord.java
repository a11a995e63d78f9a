package io.weir.master.job;

import io.weir.core.model.JobClusterDefinition;

/** A job cluster as stored: its definition and the number of its newest job (0 before the first). */
public record ClusterRecord(JobClusterDefinition definition, long lastJobNumber, long createdAt, long updatedAt) {

    public String name() {
        return definition.name();
    }

    public ClusterRecord withLastJobNumber(long n, long now) {
        return new ClusterRecord(definition, n, createdAt, now);
    }

    public ClusterRecord withDefinition(JobClusterDefinition d, long now) {
        return new ClusterRecord(d, lastJobNumber, createdAt, now);
    }
}
