package io.weir.runtime.connect;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import io.weir.core.backoff.ExponentialBackoff;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link DynamicConnectionSet} matched to the latest expected endpoints: on every discovery event,
 * every retry deadline and a periodic check it drops endpoints that are gone and dials idle slots of
 * expected ones. A slot whose attempt failed or whose connection was lost is retried after an
 * exponential, jittered backoff. It dials only endpoints in the latest expected set.
 *
 * <p>Owned by the thread behind its {@link TaskScheduler}, which must be the set's: {@link #expect},
 * {@link #start} and {@link #close} may be called from any thread and hop onto it; {@link #reconcile()}
 * and {@link #expected()} run on it.
 *
 * @param <C> the connection type
 */
public final class Reconciliator<C extends StageConnection> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Reconciliator.class);

    private final DynamicConnectionSet<C> set;
    private final ReconcileSettings settings;
    private final TaskScheduler scheduler;
    private final ExponentialBackoff backoff;
    private final RandomGenerator random;
    private final Map<SlotKey, Retry> retries = new HashMap<>();
    private Set<Endpoint> expected = Set.of();
    private long version = Long.MIN_VALUE;
    private boolean closed;
    private TaskScheduler.Cancellable periodic;
    private TaskScheduler.Cancellable wake;
    private long wakeAtMillis = Long.MAX_VALUE;
    private long wakeGeneration;

    /** A reconciliator for {@code set}; {@code scheduler} must be the set's, {@code random} only jitters. */
    public Reconciliator(DynamicConnectionSet<C> set, ReconcileSettings settings, TaskScheduler scheduler,
                         RandomGenerator random) {
        this.set = Objects.requireNonNull(set, "set");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.backoff = new ExponentialBackoff(settings.firstRetryMillis(), settings.maxRetryMillis(), settings.jitter());
        this.random = Objects.requireNonNull(random, "random");
        set.bindObserver(new Observer());
    }

    /** Starts the periodic check. Any thread. */
    public void start() {
        scheduler.execute(() -> {
            if (!closed && periodic == null) {
                armPeriodic();
                reconcile();
            }
        });
    }

    /** Makes {@code endpoints} the expected set, whatever came before, and reconciles. Any thread. */
    public void expect(Collection<Endpoint> endpoints) {
        Set<Endpoint> next = copy(endpoints);
        scheduler.execute(() -> apply(next));
    }

    /**
     * Makes {@code endpoints} the expected set unless an event with this or a higher {@code version} was
     * applied already (a duplicate or out-of-order event), then reconciles. Any thread.
     */
    public void expect(long version, Collection<Endpoint> endpoints) {
        Set<Endpoint> next = copy(endpoints);
        scheduler.execute(() -> {
            if (version <= this.version) {
                log.debug("{}: ignoring discovery version {} (applied {})", set.name(), version, this.version);
                return;
            }
            this.version = version;
            apply(next);
        });
    }

    /** The expected endpoints as of the latest applied event. Owner thread. */
    public Set<Endpoint> expected() {
        return expected;
    }

    /**
     * Drops endpoints that are not expected and dials every idle slot of an expected endpoint whose retry
     * is due; arms a wake-up for the earliest retry still pending. Owner thread.
     */
    public void reconcile() {
        if (closed) {
            return;
        }
        for (Endpoint e : set.endpoints()) {
            if (!expected.contains(e)) {
                set.remove(e);
            }
        }
        retries.keySet().removeIf(k -> !expected.contains(k.endpoint()));
        long now = scheduler.nowMillis();
        long nextDue = Long.MAX_VALUE;
        int n = set.connectionsPerEndpoint();
        for (Endpoint e : expected) {
            for (int slot = 0; slot < n; slot++) {
                if (!set.isIdle(e, slot)) {
                    continue;
                }
                Retry retry = retries.get(new SlotKey(e, slot));
                if (retry == null || retry.dueAtMillis <= now) {
                    set.dial(e, slot);
                } else {
                    nextDue = Math.min(nextDue, retry.dueAtMillis);
                }
            }
        }
        if (nextDue != Long.MAX_VALUE) {
            wakeAt(nextDue);
        }
    }

    /** Stops checking and closes every connection of the set. Any thread. */
    @Override
    public void close() {
        scheduler.execute(() -> {
            stop();
            set.closeNow();
        });
    }

    /**
     * Stops dialling and checking but leaves the open connections alone, so a draining worker can let its upstreams
     * end them. Any thread; {@code then} runs on the owner thread afterwards.
     */
    public void stopReconciling(Runnable then) {
        scheduler.execute(() -> {
            stop();
            then.run();
        });
    }

    private void stop() {
        closed = true;
        cancel(periodic);
        cancel(wake);
        periodic = null;
        wake = null;
    }

    private void apply(Set<Endpoint> next) {
        if (closed) {
            return;
        }
        expected = next;
        reconcile();
    }

    private void armPeriodic() {
        periodic = scheduler.schedule(() -> {
            if (!closed) {
                armPeriodic();
                reconcile();
            }
        }, settings.checkIntervalMillis());
    }

    private void wakeAt(long atMillis) {
        if (wake != null && wakeAtMillis <= atMillis) {
            return;
        }
        cancel(wake);
        long generation = ++wakeGeneration;
        wakeAtMillis = atMillis;
        wake = scheduler.schedule(() -> {
            if (generation == wakeGeneration) {
                wake = null;
                wakeAtMillis = Long.MAX_VALUE;
                reconcile();
            }
        }, Math.max(0, atMillis - scheduler.nowMillis()));
    }

    private void retryLater(Endpoint endpoint, int slot, boolean reset) {
        if (closed || !expected.contains(endpoint)) {
            return;
        }
        Retry retry = retries.computeIfAbsent(new SlotKey(endpoint, slot), k -> new Retry());
        if (reset) {
            retry.failures = 0;
        }
        retry.failures++;
        retry.dueAtMillis = scheduler.nowMillis() + backoff.delayMillis(retry.failures, random);
        wakeAt(retry.dueAtMillis);
    }

    /**
     * An upstream that ended its stream on purpose is leaving (scale-down, replacement) or done: discovery will say
     * so, so the slot waits a check interval instead of dialling a server that is about to close.
     */
    private void holdOff(Endpoint endpoint, int slot) {
        if (closed || !expected.contains(endpoint)) {
            return;
        }
        Retry retry = retries.computeIfAbsent(new SlotKey(endpoint, slot), k -> new Retry());
        retry.dueAtMillis = scheduler.nowMillis() + settings.checkIntervalMillis();
        wakeAt(retry.dueAtMillis);
    }

    private static void cancel(TaskScheduler.Cancellable task) {
        if (task != null) {
            task.cancel();
        }
    }

    private static Set<Endpoint> copy(Collection<Endpoint> endpoints) {
        Objects.requireNonNull(endpoints, "endpoints");
        Set<Endpoint> copy = new LinkedHashSet<>();
        for (Endpoint e : endpoints) {
            copy.add(Objects.requireNonNull(e, "endpoint"));
        }
        return Collections.unmodifiableSet(copy);
    }

    /** Hears failed attempts and lost connections from the set and schedules their retries. Owner thread. */
    private final class Observer implements SlotObserver {
        @Override
        public void onAttemptFailed(Endpoint endpoint, int slot, Throwable cause) {
            retryLater(endpoint, slot, false);
        }

        @Override
        public void onLost(Endpoint endpoint, int slot, long upMillis, boolean endedByPeer) {
            if (endedByPeer) {
                holdOff(endpoint, slot);
            } else {
                retryLater(endpoint, slot, upMillis >= settings.stableAfterMillis());
            }
        }
    }

    /** One slot of one endpoint. */
    private record SlotKey(Endpoint endpoint, int slot) {
    }

    /** Consecutive failures of a slot and when it may be dialled again. */
    private static final class Retry {
        int failures;
        long dueAtMillis;
    }
}
