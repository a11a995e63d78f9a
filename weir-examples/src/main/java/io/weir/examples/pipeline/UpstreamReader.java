package io.weir.examples.pipeline;

import io.weir.client.registry.Upstream;
import io.weir.client.registry.UpstreamSet;
import io.weir.client.registry.UpstreamWatcher;
import io.weir.core.backoff.ExponentialBackoff;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/**
 * Keeps one SSE connection to the upstream its {@link UpstreamWatcher} picks: connects when one is known, moves when
 * the pick changes, and after a lost connection tries again at once, then with backoff and jitter. Every decision is
 * an event. All state lives on one thread.
 */
final class UpstreamReader implements AutoCloseable {

    private final UpstreamWatcher watcher;
    private final String clientId;
    private final Consumer<String> records;
    private final DemoEvents events;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "upstream-reader");
        t.setDaemon(true);
        return t;
    });
    private final ExponentialBackoff.Attempts attempts = new ExponentialBackoff(20, 1_000, 0.5).attempts(ThreadLocalRandom.current());
    private final HttpClient http = HttpClient.create();
    private Upstream connected;
    private Disposable connection;
    private long generation;
    private boolean retryScheduled;
    private volatile boolean closed;

    UpstreamReader(UpstreamWatcher watcher, String clientId, Consumer<String> records, DemoEvents events) {
        this.watcher = watcher;
        this.clientId = clientId;
        this.records = records;
        this.events = events;
        watcher.onChange(set -> thread.execute(() -> changed(set)));
    }

    /** Whether a connection to an upstream is open now. */
    boolean connected() {
        return connected != null;
    }

    private void changed(UpstreamSet set) {
        events.event("upstreams", set.eventType() + " " + set.source() + " " + set.describe());
        reconcile();
    }

    private void reconcile() {
        if (closed) {
            return;
        }
        var pick = watcher.pick();
        if (pick.isEmpty() || pick.get().address() == null) {
            return;
        }
        Upstream next = pick.get();
        if (connected != null && next.address().equals(connected.address())) {
            return;
        }
        if (connected != null) {
            events.event("switch", connected.label() + " -> " + next.label());
            connection.dispose();
        }
        connect(next);
    }

    private void connect(Upstream upstream) {
        long mine = ++generation;
        connected = upstream;
        String base = upstream.address().startsWith("http") ? upstream.address() : "http://" + upstream.address();
        String url = base.replaceAll("/+$", "") + "/?clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8);
        var pending = new StringBuilder();
        var first = new boolean[] {true};
        var established = new boolean[1];
        connection = http.doOnResponse((res, conn) -> thread.execute(() -> {
                    if (mine == generation) {
                        established[0] = true;
                        attempts.reset();
                        events.event("connected", upstream.label() + " " + upstream.address());
                    }
                }))
                .get().uri(url).responseContent().asString()
                .subscribe(chunk -> {
                    pending.append(chunk);
                    int end;
                    while ((end = pending.indexOf("\n")) >= 0) {
                        String line = pending.substring(0, end).trim();
                        pending.delete(0, end + 1);
                        if (line.startsWith("data:")) {
                            if (first[0]) {
                                first[0] = false;
                                events.event("first-record", upstream.label());
                            }
                            records.accept(line.substring(5).trim());
                        }
                    }
                }, error -> thread.execute(() -> lost(mine, upstream, established[0], error.toString())),
                        () -> thread.execute(() -> lost(mine, upstream, established[0], "stream ended")));
    }

    /** A connection ended or could not be made; only the end of an established one is an event, retries are quiet. */
    private void lost(long mine, Upstream upstream, boolean established, String why) {
        if (mine != generation || closed) {
            return;
        }
        if (established) {
            events.event("lost", upstream.label() + " (" + why + ")");
        }
        connected = null;
        if (!retryScheduled) {
            retryScheduled = true;
            thread.schedule(() -> {
                retryScheduled = false;
                reconcile();
            }, attempts.nextDelayMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.execute(() -> {
            if (connection != null) {
                connection.dispose();
            }
        });
        thread.shutdown();
    }
}
