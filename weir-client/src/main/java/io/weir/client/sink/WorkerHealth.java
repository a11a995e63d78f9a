package io.weir.client.sink;

import io.weir.core.backoff.ExponentialBackoff;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The session's memory of failed workers. A worker that failed is "known dead" until it recovers (a new connection
 * to it stays up for one silence timeout) or discovery stops listing it: a replacement has a new number, a moved worker a new host or
 * port, so either is a different {@link SinkWorker} and starts clean. A dead worker may be retried only after a
 * delay that grows with its failures in a row. Owned by the session's thread.
 */
final class WorkerHealth {

    private record Failures(int count, long retryAtNanos) {
    }

    private final ExponentialBackoff backoff;
    private final RandomGenerator random;
    private final Map<SinkWorker, Failures> failed = new HashMap<>();

    WorkerHealth(ExponentialBackoff backoff, RandomGenerator random) {
        this.backoff = backoff;
        this.random = random;
    }

    void failed(SinkWorker worker, long now) {
        int count = failed.containsKey(worker) ? failed.get(worker).count() + 1 : 1;
        failed.put(worker, new Failures(count, now + backoff.delayMillis(count, random) * 1_000_000L));
    }

    void recovered(SinkWorker worker) {
        failed.remove(worker);
    }

    boolean isDead(SinkWorker worker) {
        return failed.containsKey(worker);
    }

    int failures(SinkWorker worker) {
        Failures f = failed.get(worker);
        return f == null ? 0 : f.count();
    }

    /** When the worker may be tried again; {@link Long#MIN_VALUE} (now) if it is not known dead. */
    long retryAtNanos(SinkWorker worker) {
        Failures f = failed.get(worker);
        return f == null ? Long.MIN_VALUE : f.retryAtNanos();
    }

    /** Forgets workers discovery no longer lists. */
    void retainOnly(Collection<SinkWorker> listed) {
        failed.keySet().retainAll(listed);
    }

    /**
     * ONE mode's pick: a worker not known dead, at random (spreading sessions over workers), else the dead one that
     * may be retried first. Null if {@code workers} is empty.
     */
    SinkWorker choose(List<SinkWorker> workers) {
        var alive = new ArrayList<SinkWorker>();
        SinkWorker soonest = null;
        for (SinkWorker w : workers) {
            if (!isDead(w)) {
                alive.add(w);
            } else if (soonest == null || retryAtNanos(w) < retryAtNanos(soonest)) {
                soonest = w;
            }
        }
        return alive.isEmpty() ? soonest : alive.get(random.nextInt(alive.size()));
    }
}
