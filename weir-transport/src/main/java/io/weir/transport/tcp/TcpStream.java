package io.weir.transport.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.internal.PlatformDependent;
import io.weir.transport.tcp.frame.ErrorCode;
import io.weir.transport.tcp.frame.Frame;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One logical, bidirectional stream on a multiplexed connection. Sending ({@link #offer}, {@link #end},
 * {@link #fail}) and flow control ({@link #request}, {@link #cancel}) may be called from any thread;
 * events arrive on the connection's event loop through the {@link StreamListener}.
 *
 * <p>{@link #offer} takes one credit per record and returns {@code false} when the peer has granted
 * none: back-pressure is a return value. Records queue at most as many as the peer granted, so the
 * queue is bounded by the receiver.
 */
public final class TcpStream {

    static final Object END = new Object();

    private final int id;
    private final Map<String, String> params;
    private final Multiplexer mux;
    private final AtomicLong credits = new AtomicLong();
    // Starts with 16 slots and grows in chunks; holds at most the credit the peer granted.
    final Queue<Object> outbound = PlatformDependent.newMpscQueue(16, Multiplexer.MAX_OUTSTANDING_CREDITS);
    final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicBoolean sendClosed = new AtomicBoolean();

    // Event loop only.
    StreamListener listener;
    boolean opened; // its OPEN is written (or it was accepted): the drain may send what is queued
    long inboundCredits;
    boolean localDone;
    boolean remoteDone;
    boolean removed;

    TcpStream(int id, Map<String, String> params, Multiplexer mux) {
        this.id = id;
        this.params = params;
        this.mux = mux;
    }

    /** The stream's id on its connection. */
    public int id() {
        return id;
    }

    /** The parameters the stream was opened with. */
    public Map<String, String> params() {
        return params;
    }

    /** Records this side may still send before the peer grants more. */
    public long credits() {
        return credits.get();
    }

    /** True until this side ended, failed or aborted the stream, or the peer aborted it. */
    public boolean isOpen() {
        return !sendClosed.get();
    }

    /** Queues a record if the peer granted credit for it; the array must not change afterwards. */
    public boolean offer(byte[] record) {
        Objects.requireNonNull(record, "record");
        checkSize(record.length);
        if (!takeCredit()) {
            return false;
        }
        enqueue(record);
        return true;
    }

    /** Queues a record if the peer granted credit; on {@code true} the stream owns (and releases) the buffer. */
    public boolean offer(ByteBuf record) {
        Objects.requireNonNull(record, "record");
        checkSize(record.readableBytes());
        if (!takeCredit()) {
            return false;
        }
        enqueue(record);
        return true;
    }

    /**
     * Ends this side of the stream after the records already queued. An {@link #offer} racing with this call from
     * another thread may be queued after the END and dropped; callers that offer and end on different threads order
     * the two themselves.
     */
    public void end() {
        if (closeSend()) {
            enqueue(END);
        }
    }

    /** Fails the stream after the records already queued; the peer sees an error with this message. */
    public void fail(String message) {
        fail(ErrorCode.HANDLER, message);
    }

    /** Fails the stream after the records already queued with {@code code}, e.g. FORBIDDEN for an OPEN refused late. */
    public void fail(ErrorCode code, String message) {
        if (closeSend()) {
            enqueue(new Frame.Error(id, Objects.requireNonNull(code, "code"), Objects.requireNonNull(message, "message")));
        }
    }

    /** Grants the peer permission to send {@code n} more records. */
    public void request(long n) {
        if (n <= 0) {
            throw new IllegalArgumentException("n: " + n + " (expected: > 0)");
        }
        mux.execute(() -> mux.grant(this, n));
    }

    /** Asks the peer to stop sending: {@code graceful} lets it finish and end, otherwise the stream aborts. */
    public void cancel(boolean graceful) {
        if (!graceful) {
            sendClosed.set(true);
        }
        mux.execute(() -> mux.cancel(this, graceful));
    }

    private boolean takeCredit() {
        if (sendClosed.get()) {
            return false;
        }
        for (;;) {
            long c = credits.get();
            if (c == 0) {
                mux.creditStall();
                return false;
            }
            if (credits.compareAndSet(c, c - 1)) {
                return true;
            }
        }
    }

    private void checkSize(int bytes) {
        if (bytes > mux.maxRecordBytes()) {
            throw new IllegalArgumentException("record of " + bytes + " bytes exceeds the maximum of "
                    + mux.maxRecordBytes() + " (maxFrameBytes minus headers)");
        }
    }

    private boolean closeSend() {
        return sendClosed.compareAndSet(false, true);
    }

    private void enqueue(Object item) {
        if (!outbound.offer(item)) {
            throw new IllegalStateException("stream " + id + " has " + Multiplexer.MAX_OUTSTANDING_CREDITS
                    + " records queued: the peer granted more credit than the protocol allows");
        }
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            mux.schedule(this);
        }
    }

    /** Closes this side for sending before the OPEN goes out. Opener's thread, before publication. */
    void closeSendAtOpen() {
        sendClosed.set(true);
        localDone = true;
    }

    /** Adds peer-granted credit; true when the stream had none before. Event loop. */
    boolean addCredits(int n) {
        return credits.getAndAdd(n) == 0;
    }

    /** Marks the stream closed for sending and drops queued records. Event loop. */
    void abortSend() {
        sendClosed.set(true);
        Object item;
        while ((item = outbound.poll()) != null) {
            ReferenceCountUtil.release(item);
        }
    }

    @Override
    public String toString() {
        return "TcpStream(" + id + ", " + params + ")";
    }
}
