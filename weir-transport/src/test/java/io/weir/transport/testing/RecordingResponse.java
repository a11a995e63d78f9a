package io.weir.transport.testing;

import io.weir.transport.TransportException;
import io.weir.transport.rpc.Call;
import io.weir.transport.rpc.ResponseListener;
import io.weir.transport.rpc.RpcClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Test listener collecting a response, records as UTF-8 text. With {@code step} above 0 it grants {@code step} more
 * credit after every {@code step} records; records may arrive before {@link RpcClient#call} has returned the call, so
 * credit earned until {@link #attach} is granted there. With 0 it grants nothing beyond the call's initial credit.
 */
public class RecordingResponse implements ResponseListener {
    public final List<String> records = Collections.synchronizedList(new ArrayList<>());
    public final AtomicBoolean ended = new AtomicBoolean();
    public final AtomicReference<TransportException> error = new AtomicReference<>();
    public final AtomicReference<Call> call = new AtomicReference<>();
    private final int step;
    private long owed;

    public RecordingResponse(int step) {
        this.step = step;
    }

    /** Hands over the call once {@link RpcClient#call} returns it, granting the credit earned before. */
    public void attach(Call c) {
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

    public boolean finished() {
        return ended.get() || error.get() != null;
    }
}
