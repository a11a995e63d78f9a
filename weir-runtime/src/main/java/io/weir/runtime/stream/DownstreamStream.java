package io.weir.runtime.stream;

import io.netty.buffer.ByteBuf;
import io.weir.runtime.route.Outlet;
import io.weir.transport.TransportException;
import io.weir.transport.tcp.StreamListener;
import io.weir.transport.tcp.TcpStream;
import io.weir.transport.tcp.frame.ErrorCode;

/** One subscription of a downstream worker to this worker's output, as the upstream side sees it. */
final class DownstreamStream implements StreamListener, Outlet {

    private final TcpStream stream;
    private final SubscriberAdmission.Subscriber subscriber;
    private final StageOutput owner;

    DownstreamStream(TcpStream stream, SubscriberAdmission.Subscriber subscriber, StageOutput owner) {
        this.stream = stream;
        this.subscriber = subscriber;
        this.owner = owner;
    }

    @Override
    public int workerIndex() {
        return subscriber.workerIndex();
    }

    SubscriberAdmission.Subscriber subscriber() {
        return subscriber;
    }

    @Override
    public long credit() {
        return stream.isOpen() ? stream.credits() : 0;
    }

    @Override
    public int queued() {
        return 0;
    }

    boolean isOpen() {
        return stream.isOpen();
    }

    boolean offer(byte[] record) {
        return stream.isOpen() && stream.offer(record);
    }

    @Override
    public void onRecord(ByteBuf record) {
        // subscribers send nothing on this stream
    }

    @Override
    public void onEnd() {
        owner.removed(this);
    }

    @Override
    public void onDone() {
        owner.removed(this);
    }

    @Override
    public void onError(TransportException error) {
        owner.removed(this);
    }

    @Override
    public void onWritable() {
        owner.writable();
    }

    @Override
    public void onCancel(boolean graceful) {
        owner.cancelled(this);
    }

    void end() {
        if (stream.isOpen()) {
            stream.end();
        }
    }

    /** Ends the stream in error after what was already offered; the subscriber sees {@code message}. */
    void fail(String message) {
        if (stream.isOpen()) {
            stream.fail(message);
        }
    }

    /** Refuses the stream after all, e.g. when discovery did not confirm a held OPEN: the subscriber sees FORBIDDEN. */
    void refuse(Refusal r) {
        if (stream.isOpen()) {
            stream.fail(ErrorCode.FORBIDDEN, r.getMessage());
        }
    }

    @Override
    public String toString() {
        return "subscriber " + subscriber;
    }
}
