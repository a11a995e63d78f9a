package io.weir.master.job;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Spaces out the replacements of one worker slot (stage, index): the n-th consecutive replacement waits the n-th step
 * (the last step repeats); a slot that stayed healthy for {@code resetAfterMillis} starts again at the first step; more
 * than {@code maxPerHour} replacements within an hour is too many. Its counts are rebuilt from the store's failed workers
 * after a restart (replaying {@link #onFailure} in order), so a crash-looping job does not start over. Owned by the control loop.
 */
public final class ResubmitLimiter {

    private static final long HOUR_MILLIS = 3_600_000L;

    private final List<Long> stepsMillis;
    private final long resetAfterMillis;
    private final int maxPerHour;
    private final Map<String, Slot> slots = new HashMap<>();

    public ResubmitLimiter(List<Long> stepsMillis, long resetAfterMillis, int maxPerHour) {
        if (stepsMillis.isEmpty()) {
            throw new IllegalArgumentException("stepsMillis: empty (expected: at least one step)");
        }
        this.stepsMillis = List.copyOf(stepsMillis);
        this.resetAfterMillis = resetAfterMillis;
        this.maxPerHour = maxPerHour;
    }

    /** The outcome for one failure of a slot: wait this long, or give up. */
    public record Decision(boolean allowed, long delayMillis, int countInLastHour) {
    }

    /** Records a replacement of {@code slot} at {@code now} and says how long it must wait. */
    public Decision onFailure(String slot, long now) {
        var s = slots.computeIfAbsent(slot, k -> new Slot());
        while (!s.history.isEmpty() && now - s.history.peekFirst() >= HOUR_MILLIS) {
            s.history.pollFirst();
        }
        if (s.lastAt != Long.MIN_VALUE && now - s.lastAt >= resetAfterMillis) {
            s.step = 0;
        }
        s.history.addLast(now);
        s.lastAt = now;
        if (s.history.size() > maxPerHour) {
            return new Decision(false, 0, s.history.size());
        }
        long delay = stepsMillis.get(Math.min(s.step, stepsMillis.size() - 1));
        s.step++;
        s.readyAt = now + delay;
        return new Decision(true, delay, s.history.size());
    }

    /** How long a replacement of {@code slot} must still wait at {@code now}: what is left of its last delay. */
    public long remainingMillis(String slot, long now) {
        var s = slots.get(slot);
        return s == null ? 0 : Math.max(0, s.readyAt - now);
    }

    /** Forgets every slot whose name starts with {@code prefix}, e.g. all slots of an ended job. */
    public void forget(String prefix) {
        slots.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static final class Slot {
        private final ArrayDeque<Long> history = new ArrayDeque<>();
        private int step;
        private long lastAt = Long.MIN_VALUE;
        private long readyAt;
    }
}
