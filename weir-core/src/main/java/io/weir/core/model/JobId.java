package io.weir.core.model;

import java.util.Objects;

/** A job's id, {@code <cluster>-<n>}; the cluster name may itself contain dashes, the number never does. */
public record JobId(String cluster, long number) {

    public JobId {
        Objects.requireNonNull(cluster, "cluster");
        if (number < 1) {
            throw new IllegalArgumentException("number: " + number + " (expected: >= 1)");
        }
    }

    /** Parses {@code wordcount-3}; throws IllegalArgumentException naming the expected form. */
    public static JobId parse(String id) {
        int dash = id == null ? -1 : id.lastIndexOf('-');
        if (dash <= 0 || dash == id.length() - 1) {
            throw new IllegalArgumentException("job id '" + id + "' is not of the form <cluster>-<number>");
        }
        try {
            return new JobId(id.substring(0, dash), Long.parseLong(id.substring(dash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("job id '" + id + "' is not of the form <cluster>-<number>");
        }
    }

    @Override
    public String toString() {
        return cluster + "-" + number;
    }
}
