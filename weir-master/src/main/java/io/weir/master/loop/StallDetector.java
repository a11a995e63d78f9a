package io.weir.master.loop;

/**
 * Tells a periodic check how late it runs: a loop busy with something slow (a store write, a big request) runs its
 * ticks late, and deadlines judged then would blame others for time the loop itself could not listen.
 */
public final class StallDetector {

    private final long periodMillis;
    private final long toleranceMillis;
    private long lastTickAt;

    /** For a tick every {@code periodMillis}; lateness up to {@code toleranceMillis} is ordinary jitter. */
    public StallDetector(long periodMillis, long toleranceMillis) {
        this.periodMillis = periodMillis;
        this.toleranceMillis = toleranceMillis;
    }

    /** Records a tick at {@code now}; how late it ran beyond the tolerance's worth, in ms, or 0 when on time. */
    public long tick(long now) {
        long late = lastTickAt == 0 ? 0 : now - lastTickAt - periodMillis;
        lastTickAt = now;
        return late > toleranceMillis ? late : 0;
    }
}
