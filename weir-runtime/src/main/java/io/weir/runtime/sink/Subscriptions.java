package io.weir.runtime.sink;

import io.weir.mql.MqlQuery;
import java.util.HashMap;
import java.util.Map;

/**
 * Queries shared under a {@code subscriptionId}: the first connection with an id and a query binds them; later
 * connections with the id share that query, whether they repeat it or send none. The binding lasts while a
 * connection uses it.
 *
 * <p>Threads: any; connects and disconnects only, under this object's lock, which publish never takes.
 */
final class Subscriptions {

    private final Map<String, Binding> byId = new HashMap<>();

    /**
     * Binds or joins {@code params}' subscription and returns the parameters with the shared query; without a
     * subscriptionId, {@code params} as they are. Each successful call needs one {@link #release}.
     *
     * @throws BadParameterException          a subscriptionId without a query that no connection has bound
     * @throws SubscriptionConflictException  a subscriptionId already bound to another query
     */
    synchronized SubscribeParams acquire(SubscribeParams params) {
        String id = params.subscriptionId();
        if (id == null) {
            return params;
        }
        Binding binding = byId.get(id);
        if (binding == null) {
            if (params.query() == null) {
                throw new BadParameterException("subscriptionId", id,
                        "an mql query as well, no connection shares a query under this id yet");
            }
            binding = new Binding(params.query());
            byId.put(id, binding);
        } else if (params.query() != null && !params.query().equals(binding.query)) {
            throw new SubscriptionConflictException("subscriptionId: '" + id + "' already shares the query "
                    + SubscriptionConflictException.shown(binding.query)
                    + " (expected: that query, no mql to join it, or another subscriptionId)");
        }
        binding.connections++;
        return params.withQuery(binding.query);
    }

    /** Ends one connection's use of its subscription; the last one unbinds the id. */
    synchronized void release(SubscribeParams params) {
        String id = params.subscriptionId();
        Binding binding = id == null ? null : byId.get(id);
        if (binding != null && --binding.connections == 0) {
            byId.remove(id);
        }
    }

    /** Ids currently bound. */
    synchronized int size() {
        return byId.size();
    }

    private static final class Binding {
        final MqlQuery query;
        int connections;

        Binding(MqlQuery query) {
            this.query = query;
        }
    }
}
