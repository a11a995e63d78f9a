package io.weir.transport.rpc;

import io.weir.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test listener collecting a response; grants {@code step} more credit after every {@code step} records. Records may
 * arrive before {@link RpcClient#call} has returned the call, so credit earned until {@link #attach} is granted there.
 */
class RecordingResponse implements ResponseListener {
    final List<String> records = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean ended = new AtomicBoolean();
    final AtomicReference<TransportException> error = new AtomicReference<>();
    final AtomicReference<Call> call = new AtomicReference<>();
    private final int step;
    private long owed;

    RecordingResponse(int step) {
        this.step = step;
    }

    /** Hands over the call once {@link RpcClient#call} returns it, granting the credit earned before. */
    void attach(Call c) {
        long grant;
        synchronized (this) {
            call.set(c);
            grant = owed;
            owed = 0;
        }
        if (grant > 0) {
            c.request(grant);
        }
    }

    @Override
    public void onRecord(byte[] record) {
        records.add(new String(record, StandardCharsets.UTF_8));
        if (step > 0 && records.size() % step == 0) {
            Call c;
            synchronized (this) {
                c = call.get();
                if (c == null) {
                    owed += step;
                }
            }
            if (c != null) {
                c.request(step);
            }
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
