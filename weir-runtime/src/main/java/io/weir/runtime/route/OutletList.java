package io.weir.runtime.route;

import java.util.Arrays;
import java.util.Objects;

/** An immutable array of outlets with copy-on-write add and remove (by identity). Thread-safe. */
final class OutletList<O extends Outlet> {

    private static final Object[] EMPTY = {};

    private final Object[] items;

    private OutletList(Object[] items) {
        this.items = items;
    }

    static <O extends Outlet> OutletList<O> empty() {
        return new OutletList<>(EMPTY);
    }

    /** This list plus {@code outlet}, or this list when it holds the outlet already. */
    OutletList<O> with(O outlet) {
        Objects.requireNonNull(outlet, "outlet");
        if (indexOf(outlet) >= 0) {
            return this;
        }
        Object[] next = Arrays.copyOf(items, items.length + 1);
        next[items.length] = outlet;
        return new OutletList<>(next);
    }

    /** This list without {@code outlet}. */
    OutletList<O> without(Outlet outlet) {
        int i = indexOf(outlet);
        if (i < 0) {
            return this;
        }
        Object[] next = new Object[items.length - 1];
        System.arraycopy(items, 0, next, 0, i);
        System.arraycopy(items, i + 1, next, i, items.length - i - 1);
        return new OutletList<>(next);
    }

    int size() {
        return items.length;
    }

    @SuppressWarnings("unchecked")
    O get(int i) {
        return (O) items[i];
    }

    private int indexOf(Object outlet) {
        for (int i = 0; i < items.length; i++) {
            if (items[i] == outlet) {
                return i;
            }
        }
        return -1;
    }
}
