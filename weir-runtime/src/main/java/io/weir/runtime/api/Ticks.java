package io.weir.runtime.api;

import java.time.Duration;
import reactor.core.publisher.Flux;

/**
 * Timer-driven sources that honour demand. A bare {@code Flux.interval} ticks whether or not the job has credit and so
 * fails a job whose source waits for credit ({@link NoCreditPolicy#WAIT}); these do not.
 */
public final class Ticks {

    private Ticks() {
    }

    /**
     * 0, 1, 2, ... one per {@code period} while downstream has demand; without demand the clock pauses (nothing piles
     * up, nothing is lost) and resumes one period after demand returns.
     */
    public static Flux<Long> every(Duration period) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
        }
        return Flux.<Long, Long>generate(() -> 0L, (i, sink) -> {
            sink.next(i);
            return i + 1;
        }).delayElements(period);
    }
}
