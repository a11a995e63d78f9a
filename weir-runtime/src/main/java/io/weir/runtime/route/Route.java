package io.weir.runtime.route;

import java.util.Objects;

/**
 * A router's answer for one record: the outlet to write to, or why none can take it now. A record that
 * gets no outlet waits (for credit, or for a connection to its worker index); it is never dropped.
 *
 * @param status      the outcome
 * @param outlet      the chosen outlet when {@link Status#ROUTED}, else null
 * @param workerIndex the worker index the record belongs to (keyed routing), or -1
 * @param <O>         the outlet type
 */
public record Route<O extends Outlet>(Status status, O outlet, int workerIndex) {

    /** What happened to the record. */
    public enum Status {
        /** Write the record to {@link Route#outlet()}. */
        ROUTED,
        /** No live outlet for the record (none at all, or none of its worker index): wait for one to connect. */
        NO_OUTLET,
        /** Outlets exist but none has credit: wait for credit. */
        NO_CREDIT
    }

    public Route {
        Objects.requireNonNull(status, "status");
        if ((status == Status.ROUTED) != (outlet != null)) {
            throw new IllegalArgumentException("outlet: " + outlet + " (expected: non-null only when ROUTED)");
        }
    }

    /** A record routed to {@code outlet}. */
    public static <O extends Outlet> Route<O> to(O outlet, int workerIndex) {
        return new Route<>(Status.ROUTED, Objects.requireNonNull(outlet, "outlet"), workerIndex);
    }

    /** No live outlet for {@code workerIndex} (-1: none at all). */
    public static <O extends Outlet> Route<O> noOutlet(int workerIndex) {
        return new Route<>(Status.NO_OUTLET, null, workerIndex);
    }

    /** Outlets for {@code workerIndex} (-1: any) exist but none has credit. */
    public static <O extends Outlet> Route<O> noCredit(int workerIndex) {
        return new Route<>(Status.NO_CREDIT, null, workerIndex);
    }

    /** True when the record has an outlet. */
    public boolean isRouted() {
        return status == Status.ROUTED;
    }
}
