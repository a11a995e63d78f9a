package io.weir.runtime.stream;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A worker's input from every upstream link, as one {@code Flux} of encoded records. Links deliver from their event
 * loops; each record returns its link's credit when the stage takes it, so buffering is bounded by the links' windows.
 * The input knows its links, so {@link #drain} can end it without losing what any of them still delivers.
 */
public final class StageInput {

    private record Inbound(byte[] data, UpstreamLink link) {
    }

    private final Object lock = new Object();
    private final Set<UpstreamLink> links = new HashSet<>();
    private boolean draining;
    private volatile FluxSink<Inbound> sink;
    private final Flux<byte[]> records;

    public StageInput() {
        this.records = Flux.<Inbound>create(s -> sink = s, FluxSink.OverflowStrategy.BUFFER)
                .doOnNext(in -> in.link().consumedOne())
                .map(Inbound::data);
    }

    /** Takes in a link before its stream opens; false once the input drains (the link must then open nothing). */
    boolean admit(UpstreamLink link) {
        synchronized (lock) {
            if (draining) {
                return false;
            }
            links.add(link);
        }
        link.terminated().whenComplete((v, e) -> {
            synchronized (lock) {
                links.remove(link);
            }
        });
        return true;
    }

    void offer(byte[] data, UpstreamLink link) {
        var s = sink;
        if (s != null) {
            s.next(new Inbound(data, link));
        }
    }

    /**
     * Admits no more links, asks every upstream to send what it has queued and end, and completes the records once
     * all links have ended (or after {@code timeout}).
     */
    public void drain(Duration timeout) {
        List<UpstreamLink> current;
        synchronized (lock) {
            draining = true;
            current = List.copyOf(links);
        }
        current.forEach(UpstreamLink::finish);
        CompletableFuture.allOf(current.stream()
                        .map(l -> l.terminated().toCompletableFuture().exceptionally(e -> null))
                        .toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((v, e) -> complete());
    }

    private void complete() {
        var s = sink;
        if (s != null) {
            s.complete();
        }
    }

    /** The records, in arrival order per link; subscribe once, before any link connects (earlier records are not kept). */
    public Flux<byte[]> records() {
        return records;
    }
}
