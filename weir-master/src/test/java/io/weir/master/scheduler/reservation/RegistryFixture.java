package io.weir.master.scheduler.reservation;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A registry on a hand-driven clock with a recording dispatcher. */
final class RegistryFixture {

    final AtomicLong clock = new AtomicLong(1_000_000);
    final RecordingDispatcher dispatcher = new RecordingDispatcher();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ReservationRegistry registry =
            new ReservationRegistry("default", ReservationRegistryConfig.DEFAULTS, dispatcher, clock::get, meters);

    /** Moves the clock forward and ticks the registry. */
    void advance(long millis) {
        clock.addAndGet(millis);
        registry.tick();
    }

    /** Answers SUCCESS to every batch as it comes, until nothing more is sent; returns "jobId/stage" in send order. */
    List<String> placeEverything() {
        var order = new ArrayList<String>();
        var batches = new ArrayList<>(dispatcher.drain());
        while (!batches.isEmpty()) {
            var batch = batches.removeFirst();
            order.add(batch.reservation().key().toString());
            registry.onBatchResult(batch.batchId(), BatchOutcome.SUCCESS);
            batches.addAll(dispatcher.drain());
        }
        return order;
    }

    double counter(String name) {
        return meters.get(name).counter().count();
    }
}
