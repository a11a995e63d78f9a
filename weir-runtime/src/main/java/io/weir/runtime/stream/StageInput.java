package io.weir.runtime.stream;

import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * A worker's input from every upstream link, as one {@code Flux} of encoded records. Links deliver from their event
 * loops; each record returns its link's credit when the stage takes it, so buffering is bounded by the links' windows.
 */
public final class StageInput {

    private record Inbound(byte[] data, UpstreamLink link) {
    }

    private volatile FluxSink<Inbound> sink;
    private final Flux<byte[]> records;

    public StageInput() {
        this.records = Flux.<Inbound>create(s -> sink = s, FluxSink.OverflowStrategy.BUFFER)
                .doOnNext(in -> in.link().consumedOne())
                .map(Inbound::data);
    }

    void offer(byte[] data, UpstreamLink link) {
        var s = sink;
        if (s != null) {
            s.next(new Inbound(data, link));
        }
    }

    /** Ends the records after those already received; called once every link has ended. */
    public void complete() {
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
