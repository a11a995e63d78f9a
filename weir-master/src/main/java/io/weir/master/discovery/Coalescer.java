package io.weir.master.discovery;

import io.weir.master.loop.ControlLoop;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Turns bursts of changes into few publications: a change after a quiet window is published at once; further changes
 * within {@code windowMillis} of the last publication are published together at the end of that window, so a burst
 * becomes at most two publications and no change waits longer than the window. Runs on one {@link ControlLoop} only.
 */
public final class Coalescer {

    private final ControlLoop loop;
    private final long windowMillis;
    private final LongSupplier nanoTime;
    private final BooleanSupplier publish;
    private boolean scheduled;
    private long lastPublishedNanos = Long.MIN_VALUE;

    /** {@code publish} publishes the current value and says whether it sent anything (false: nothing had changed). */
    public Coalescer(ControlLoop loop, long windowMillis, LongSupplier nanoTime, BooleanSupplier publish) {
        this.loop = loop;
        this.windowMillis = windowMillis;
        this.nanoTime = nanoTime;
        this.publish = publish;
    }

    /** Notes a change; the publication follows within the window. */
    public void changed() {
        loop.assertInLoop();
        if (scheduled) {
            return;
        }
        scheduled = true;
        long sinceLastMillis = lastPublishedNanos == Long.MIN_VALUE ? Long.MAX_VALUE : (nanoTime.getAsLong() - lastPublishedNanos) / 1_000_000;
        if (sinceLastMillis >= windowMillis) {
            run();
        } else {
            loop.schedule(this::run, windowMillis - sinceLastMillis);
        }
    }

    /** Publishes at once, whatever the window says. */
    public void now() {
        loop.assertInLoop();
        run();
    }

    private void run() {
        scheduled = false;
        if (publish.getAsBoolean()) {
            lastPublishedNanos = nanoTime.getAsLong();
        }
    }
}
