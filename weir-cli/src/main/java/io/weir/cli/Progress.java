package io.weir.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Shows what a long wait is waiting for: a step line, then a status that updates in place until done. */
final class Progress {

    private final PrintStream out;

    Progress(PrintStream out) {
        this.out = out;
    }

    void step(String what) {
        out.println("==> " + what);
    }

    /** A line under the current step. */
    void note(String what) {
        out.println("    " + what);
    }

    void waitFor(Duration timeout, BooleanSupplier done, String what) throws InterruptedException {
        waitFor(timeout, done, () -> what);
    }

    /** Polls {@code done} every 200 ms, printing {@code status} when it changes; fails after {@code timeout}. */
    void waitFor(Duration timeout, BooleanSupplier done, Supplier<String> status) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long start = System.nanoTime();
        String last = null;
        while (true) {
            boolean ok;
            try {
                ok = done.getAsBoolean();
            } catch (IllegalStateException e) {
                throw e;
            } catch (RuntimeException e) {
                ok = false;
            }
            String now;
            try {
                now = status.get();
            } catch (RuntimeException e) {
                now = last == null ? "waiting" : last;
            }
            if (!now.equals(last)) {
                out.printf("    %s (%.1f s)%n", now, (System.nanoTime() - start) / 1e9);
                last = now;
            }
            if (ok) {
                out.printf("    done (%.1f s)%n", (System.nanoTime() - start) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up after " + timeout.toSeconds() + " s waiting for: " + now);
            }
            Thread.sleep(200);
        }
    }
}
