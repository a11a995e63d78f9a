package io.weir.client.rest;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which jobs {@link Jobs#list(JobFilter)} returns: of one cluster or all, active or ended or both, at most
 * {@code limit} (the master's default is 100), newest first.
 */
public record JobFilter(String cluster, Which which, Integer limit) {

    /** Active jobs, ended ones, or both. */
    public enum Which { ALL, ACTIVE, TERMINAL }

    public static final JobFilter ALL = new JobFilter(null, Which.ALL, null);

    public JobFilter {
        which = which == null ? Which.ALL : which;
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("limit: " + limit + " (expected: >= 1)");
        }
    }

    public JobFilter ofCluster(String name) {
        return new JobFilter(name, which, limit);
    }

    public JobFilter active() {
        return new JobFilter(cluster, Which.ACTIVE, limit);
    }

    public JobFilter terminal() {
        return new JobFilter(cluster, Which.TERMINAL, limit);
    }

    public JobFilter limit(int n) {
        return new JobFilter(cluster, which, n);
    }

    Map<String, String> query() {
        var q = new LinkedHashMap<String, String>();
        q.put("cluster", cluster);
        q.put("state", which == Which.ALL ? null : which.name().toLowerCase(java.util.Locale.ROOT));
        q.put("limit", limit == null ? null : String.valueOf(limit));
        return q;
    }
}
