package io.weir.master.scheduler.reservation;

import java.util.ArrayList;
import java.util.List;

/** A dispatcher that records the batches it is given, for tests that answer them by hand. */
final class RecordingDispatcher implements BatchDispatcher {

    private final List<AllocationBatch> sent = new ArrayList<>();

    @Override
    public void dispatch(AllocationBatch batch) {
        sent.add(batch);
    }

    /** Every batch sent so far, oldest first. */
    List<AllocationBatch> sent() {
        return List.copyOf(sent);
    }

    AllocationBatch last() {
        if (sent.isEmpty()) {
            throw new AssertionError("no batch was dispatched");
        }
        return sent.getLast();
    }

    /** The batches sent since the last call, and forgets them. */
    List<AllocationBatch> drain() {
        var out = List.copyOf(sent);
        sent.clear();
        return out;
    }

    /** "jobId/stage" of each batch sent so far. */
    List<String> keys() {
        return sent.stream().map(b -> b.reservation().key().toString()).toList();
    }
}
