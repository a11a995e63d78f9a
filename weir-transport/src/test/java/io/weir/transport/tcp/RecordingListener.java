package io.weir.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.weir.transport.TransportException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** Test listener that records what a stream delivered, as UTF-8 strings. */
class RecordingListener implements StreamListener {
    final List<String> records = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean ended = new AtomicBoolean();
    final AtomicReference<TransportException> error = new AtomicReference<>();
    final AtomicReference<Boolean> cancelled = new AtomicReference<>();
    final AtomicBoolean writable = new AtomicBoolean();
    final AtomicBoolean done = new AtomicBoolean();

    @Override
    public void onRecord(ByteBuf record) {
        records.add(record.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void onEnd() {
        ended.set(true);
    }

    @Override
    public void onError(TransportException e) {
        error.set(e);
    }

    @Override
    public void onDone() {
        done.set(true);
    }

    @Override
    public void onWritable() {
        writable.set(true);
    }

    @Override
    public void onCancel(boolean graceful) {
        cancelled.set(graceful);
    }
}
