package io.weir.master.registry;

import io.weir.master.loop.ControlLoop;
import java.time.Clock;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs {@link ServiceRegistry#expire} when the next thing falls due, with one timer on the registry's loop set for the
 * earliest deadline, never a periodic scan. Renewed leases leave the timer alone: when it fires early it finds nothing
 * due and sets itself for the new earliest deadline.
 */
final class LeaseSweeper {

    private final ControlLoop loop;
    private final Clock clock;
    private ServiceRegistry registry;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;

    LeaseSweeper(ControlLoop loop, Clock clock) {
        this.loop = loop;
        this.clock = clock;
    }

    void start(ServiceRegistry r) {
        this.registry = r;
        dueAt(r.nextDueAt());
    }

    /** Makes sure a sweep runs by {@code epochMillis}; callable from any thread. */
    void dueAt(long epochMillis) {
        loop.execute(() -> arm(epochMillis));
    }

    private void arm(long at) {
        if (at >= timerAt || at == Long.MAX_VALUE) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = at;
        timer = loop.schedule(this::sweep, Math.max(0, at - clock.millis()));
    }

    private void sweep() {
        timer = null;
        timerAt = Long.MAX_VALUE;
        registry.expire();
        arm(registry.nextDueAt());
    }
}
