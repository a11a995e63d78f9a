package io.weir.runtime.route;

import java.util.Objects;

/**
 * Routes records of a scalar stage: to the outlet with the fewest queued records among those with credit,
 * ties broken round-robin, so a slow consumer gets less and a fast one more.
 *
 * <p>Threads: {@link #add} and {@link #remove} from any thread; {@link #route()} from one thread, the
 * stage's output thread.
 *
 * @param <O> the outlet type
 */
public final class ScalarRouter<O extends Outlet> {

    private volatile OutletList<O> outlets = OutletList.empty();
    private int cursor;

    /** Adds {@code outlet} (once; a second add does nothing). Any thread. */
    public synchronized void add(O outlet) {
        outlets = outlets.with(Objects.requireNonNull(outlet, "outlet"));
    }

    /** Removes {@code outlet}. Any thread. */
    public synchronized void remove(O outlet) {
        outlets = outlets.without(Objects.requireNonNull(outlet, "outlet"));
    }

    /** How many outlets the router holds. */
    public int size() {
        return outlets.size();
    }

    /** Picks the outlet for the next record, or says why none can take it now. Routing thread. */
    public Route<O> route() {
        OutletList<O> list = outlets;
        int n = list.size();
        if (n == 0) {
            return Route.noOutlet(-1);
        }
        int start = Math.floorMod(cursor, n);
        int best = -1;
        int bestQueued = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            int pos = start + i < n ? start + i : start + i - n;
            O o = list.get(pos);
            if (o.credit() <= 0) {
                continue;
            }
            int queued = o.queued();
            if (best < 0 || queued < bestQueued) {
                best = pos;
                bestQueued = queued;
            }
        }
        if (best < 0) {
            return Route.noCredit(-1);
        }
        cursor = best + 1;
        O chosen = list.get(best);
        return Route.to(chosen, chosen.workerIndex());
    }
}
