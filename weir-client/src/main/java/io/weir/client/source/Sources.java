package io.weir.client.source;

/** Sources of a job's records that come from other Weir jobs. */
public final class Sources {

    private Sources() {
    }

    /**
     * The records of {@code cluster}'s newest job that the MQL query {@code mql} selects, as their JSON text; the source
     * moves to each new job of the cluster by itself. See {@link JobSource} for its options.
     */
    public static JobSource job(String cluster, String mql) {
        return JobSource.of(cluster, mql);
    }
}
