package io.weir.transport.rpc;

import io.weir.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Test listener collecting a response; grants {@code step} more credit after every {@code step} records. */
class RecordingResponse implements ResponseListener {
    final List<String> records = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean ended = new AtomicBoolean();
    final AtomicReference<TransportException> error = new AtomicReference<>();
    final AtomicReference<Call> call = new AtomicReference<>();
    private final int step;

    RecordingResponse(int step) {
        this.step = step;
    }

    @Override
    public void onRecord(byte[] record) {
        records.add(new String(record, StandardCharsets.UTF_8));
        if (step > 0 && records.size() % step == 0) {
            call.get().request(step);
        }
    }

    @Override
    public void onEnd() {
        ended.set(true);
    }

    @Override
    public void onError(TransportException e) {
        error.set(e);
    }

    boolean finished() {
        return ended.get() || error.get() != null;
    }
}
