package io.weir.runtime.connect;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The actual connections of one stage consumer: up to N per upstream {@link Endpoint}, each in its own slot.
 * It dials and drops only when its {@link Reconciliator} says so, reports every connection to its
 * {@link ConnectionListener}s, and counts attempts, failures, reconnects and active connections
 * ({@code weir_stage_connection_attempts_total}, {@code weir_stage_connection_failures_total},
 * {@code weir_stage_reconnects_total}, {@code weir_stage_connections_active}, tagged {@code name}).
 *
 * <p>An endpoint that leaves discovery is retired, not cut: its connections stop counting and are never re-dialled,
 * but stay open until the upstream ends them (a worker being scaled down drains its last records, then ends) or
 * {@link #DEFAULT_RETIRE_MILLIS} pass, so nothing it still sends is lost.
 *
 * <p>Owned by the thread behind its {@link TaskScheduler}: queries and package-private commands run there;
 * connector and connection callbacks hop onto it. Listeners may be added from any thread.
 *
 * @param <C> the connection type
 */
public final class DynamicConnectionSet<C extends StageConnection> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DynamicConnectionSet.class);

    /** How long a retired connection may stay open waiting for its upstream to end it. */
    public static final long DEFAULT_RETIRE_MILLIS = 15_000;

    private final String name;
    private final Connector<? extends C> connector;
    private final int connectionsPerEndpoint;
    private final TaskScheduler scheduler;
    private final ConnectionMetrics metrics;
    private final List<ConnectionListener<? super C>> listeners = new CopyOnWriteArrayList<>();
    private final Map<Endpoint, List<Slot<C>>> slots = new LinkedHashMap<>();
    private final Set<C> retiring = new HashSet<>();
    private long retireMillis = DEFAULT_RETIRE_MILLIS;
    private SlotObserver observer = SlotObserver.NONE;
    private long lastAttemptId;
    private boolean closed;

    /**
     * A set named {@code name} (the {@code name} tag of its meters; unique per registry) that keeps
     * {@code connectionsPerEndpoint} connections to each endpoint, opened by {@code connector}.
     */
    public DynamicConnectionSet(String name, Connector<? extends C> connector, int connectionsPerEndpoint,
                                TaskScheduler scheduler, MeterRegistry registry) {
        this.name = Objects.requireNonNull(name, "name");
        this.connector = Objects.requireNonNull(connector, "connector");
        if (connectionsPerEndpoint <= 0) {
            throw new IllegalArgumentException(
                    "connectionsPerEndpoint: " + connectionsPerEndpoint + " (expected: > 0)");
        }
        this.connectionsPerEndpoint = connectionsPerEndpoint;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.metrics = new ConnectionMetrics(name, Objects.requireNonNull(registry, "registry"));
    }

    /** Sets how long retired connections may stay open (0: closed at once). Owner thread, before use. */
    public DynamicConnectionSet<C> retireAfter(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis: " + millis + " (expected: >= 0)");
        }
        this.retireMillis = millis;
        return this;
    }

    /** Connections whose endpoint left but which the upstream has not ended yet. Owner thread. */
    public int retiringCount() {
        return retiring.size();
    }

    /** The name that tags this set's meters. */
    public String name() {
        return name;
    }

    /** How many connections the set keeps to each endpoint. */
    public int connectionsPerEndpoint() {
        return connectionsPerEndpoint;
    }

    /** Adds a listener for connections opened from now on. Any thread. */
    public void addListener(ConnectionListener<? super C> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener. Any thread. */
    public void removeListener(ConnectionListener<? super C> listener) {
        listeners.remove(listener);
    }

    /** Endpoints the set holds slots for (connected, connecting or waiting to retry). Owner thread. */
    public Set<Endpoint> endpoints() {
        return Set.copyOf(slots.keySet());
    }

    /** The open connections. Owner thread. */
    public List<C> connections() {
        List<C> open = new ArrayList<>();
        slots.values().forEach(list -> list.forEach(s -> {
            if (s.connection != null) {
                open.add(s.connection);
            }
        }));
        return open;
    }

    /** The open connections to {@code endpoint}. Owner thread. */
    public List<C> connections(Endpoint endpoint) {
        List<C> open = new ArrayList<>();
        slots.getOrDefault(endpoint, List.of()).forEach(s -> {
            if (s.connection != null) {
                open.add(s.connection);
            }
        });
        return open;
    }

    /** Attempts under way. Owner thread. */
    public int pendingCount() {
        return (int) slots.values().stream().flatMap(List::stream).filter(s -> s.connecting).count();
    }

    /** Closes every connection and refuses further dials. Any thread; runs on the owner thread. */
    @Override
    public void close() {
        scheduler.execute(this::closeNow);
    }

    void bindObserver(SlotObserver observer) {
        if (this.observer != SlotObserver.NONE) {
            throw new IllegalStateException(name + " already has a reconciliator");
        }
        this.observer = observer;
    }

    /** True when {@code slot} of {@code endpoint} has neither a connection nor an attempt under way. */
    boolean isIdle(Endpoint endpoint, int slot) {
        List<Slot<C>> list = slots.get(endpoint);
        return list == null || list.get(slot).isIdle();
    }

    /** Starts an attempt on an idle slot; false when the slot is busy or the set is closed. */
    boolean dial(Endpoint endpoint, int slot) {
        Objects.checkIndex(slot, connectionsPerEndpoint);
        if (closed) {
            return false;
        }
        Slot<C> s = slots.computeIfAbsent(endpoint, e -> newSlots()).get(slot);
        if (!s.isIdle()) {
            return false;
        }
        long id = ++lastAttemptId;
        s.attemptId = id;
        s.connecting = true;
        metrics.attempt(s.attempts++ > 0);
        try {
            CompletionStage<? extends C> stage = Objects.requireNonNull(
                    connector.connect(endpoint, slot), "connector returned null");
            stage.whenComplete((c, error) -> scheduler.execute(() -> onDialed(endpoint, slot, id, c, error)));
        } catch (RuntimeException e) {
            scheduler.execute(() -> onDialed(endpoint, slot, id, null, e));
        }
        return true;
    }

    /**
     * Drops {@code endpoint}: abandons its attempts (closed when they complete) and retires its connections, which are
     * reported gone now and closed once their upstream ends them or the retire time passes.
     */
    void remove(Endpoint endpoint) {
        drop(endpoint, retireMillis);
    }

    void closeNow() {
        closed = true;
        for (Endpoint e : List.copyOf(slots.keySet())) {
            drop(e, 0);
        }
        List.copyOf(retiring).forEach(this::closeQuietly);
        retiring.clear();
    }

    private void drop(Endpoint endpoint, long graceMillis) {
        List<Slot<C>> list = slots.remove(endpoint);
        if (list == null) {
            return;
        }
        for (Slot<C> s : list) {
            s.connecting = false;
            C c = s.connection;
            if (c != null) {
                s.connection = null;
                metrics.closed();
                retire(c, graceMillis);
                notifyDisconnected(c, null);
            }
        }
    }

    private void retire(C connection, long graceMillis) {
        if (graceMillis == 0 || connection.terminated().toCompletableFuture().isDone()) {
            closeQuietly(connection);
            return;
        }
        retiring.add(connection);
        var timeout = scheduler.schedule(() -> {
            if (retiring.remove(connection)) {
                log.debug("{}: {} did not end within {} ms of leaving; closing it", name, connection.endpoint(), graceMillis);
                closeQuietly(connection);
            }
        }, graceMillis);
        connection.terminated().whenComplete((v, t) -> scheduler.execute(() -> {
            if (retiring.remove(connection)) {
                timeout.cancel();
                closeQuietly(connection);
            }
        }));
    }

    private void onDialed(Endpoint endpoint, int slot, long id, C connection, Throwable error) {
        Slot<C> s = current(endpoint, slot, id);
        if (s == null || !s.connecting) {
            if (connection != null) {
                closeQuietly(connection); // the endpoint left while we dialled it
            }
            return;
        }
        s.connecting = false;
        if (error != null || connection == null) {
            Throwable cause = error == null ? new IllegalStateException("connector completed with null") : unwrap(error);
            metrics.failure();
            log.debug("{}: connecting to {} (slot {}) failed: {}", name, endpoint, slot, cause.toString());
            observer.onAttemptFailed(endpoint, slot, cause);
            return;
        }
        s.connection = connection;
        s.connectedAtMillis = scheduler.nowMillis();
        metrics.opened();
        notifyConnected(connection);
        connection.terminated().whenComplete(
                (v, t) -> scheduler.execute(() -> onTerminated(endpoint, slot, id, connection, t)));
    }

    private void onTerminated(Endpoint endpoint, int slot, long id, C connection, Throwable error) {
        Slot<C> s = current(endpoint, slot, id);
        if (s == null || s.connection != connection) {
            return; // closed by this set, already reported
        }
        s.connection = null;
        metrics.closed();
        Throwable cause = error == null ? new ConnectionEndedException(endpoint) : unwrap(error);
        log.debug("{}: lost connection to {} (slot {}): {}", name, endpoint, slot, cause.toString());
        notifyDisconnected(connection, cause);
        observer.onLost(endpoint, slot, scheduler.nowMillis() - s.connectedAtMillis, error == null);
    }

    private Slot<C> current(Endpoint endpoint, int slot, long id) {
        List<Slot<C>> list = slots.get(endpoint);
        if (list == null) {
            return null;
        }
        Slot<C> s = list.get(slot);
        return s.attemptId == id ? s : null;
    }

    private List<Slot<C>> newSlots() {
        List<Slot<C>> list = new ArrayList<>(connectionsPerEndpoint);
        for (int i = 0; i < connectionsPerEndpoint; i++) {
            list.add(new Slot<>());
        }
        return list;
    }

    private void notifyConnected(C connection) {
        for (ConnectionListener<? super C> l : listeners) {
            try {
                l.onConnected(connection);
            } catch (RuntimeException e) {
                log.warn("{}: listener {} failed on connect of {}", name, l, connection.endpoint(), e);
            }
        }
    }

    private void notifyDisconnected(C connection, Throwable cause) {
        for (ConnectionListener<? super C> l : listeners) {
            try {
                l.onDisconnected(connection, cause);
            } catch (RuntimeException e) {
                log.warn("{}: listener {} failed on disconnect of {}", name, l, connection.endpoint(), e);
            }
        }
    }

    private void closeQuietly(C connection) {
        try {
            connection.close();
        } catch (RuntimeException e) {
            log.warn("{}: closing the connection to {} failed", name, connection.endpoint(), e);
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** One connection place: idle, connecting (attempt {@code attemptId}) or connected. */
    private static final class Slot<C> {
        long attemptId;
        boolean connecting;
        C connection;
        long connectedAtMillis;
        int attempts;

        boolean isIdle() {
            return !connecting && connection == null;
        }
    }
}
