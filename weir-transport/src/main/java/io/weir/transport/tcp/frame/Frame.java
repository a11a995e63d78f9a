package io.weir.transport.tcp.frame;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;
import java.util.Map;
import java.util.Objects;

/** A decoded frame. Only {@link Data} and {@link Open} hold buffers; release them once handled. */
public sealed interface Frame {

    /** Header bytes before every payload: length (4), type (1), flags (1), stream id (4). */
    int HEADER_BYTES = 10;
    /** CANCEL flag: stop gracefully (the sender ends its stream) instead of aborting it. */
    int FLAG_GRACEFUL = 0x01;
    /** OPEN flag: the opener sends nothing after the OPEN (a request or a subscription). */
    int FLAG_END = 0x01;

    /** The stream this frame belongs to; 0 for connection-level frames. */
    int streamId();

    /**
     * Opens stream {@code streamId} with UTF-8 parameters and an optional request body; {@code end} says the
     * opener will send no records (its half of the stream is closed from the start); {@code initialCredit}
     * lets the peer send that many records at once, saving a round trip for requests.
     */
    final class Open extends DefaultByteBufHolder implements Frame {
        private final int streamId;
        private final Map<String, String> params;
        private final boolean end;
        private final int initialCredit;

        public Open(int streamId, Map<String, String> params, ByteBuf body, boolean end, int initialCredit) {
            super(body);
            if (initialCredit < 0) {
                throw new IllegalArgumentException("initialCredit: " + initialCredit + " (expected: >= 0)");
            }
            this.streamId = streamId;
            this.params = Map.copyOf(params);
            this.end = end;
            this.initialCredit = initialCredit;
        }

        /** Records the opener lets the peer send before any CREDIT frame. */
        public int initialCredit() {
            return initialCredit;
        }

        /** True when the opener sends no records on this stream. */
        public boolean end() {
            return end;
        }

        @Override
        public int streamId() {
            return streamId;
        }

        /** The stream's parameters. */
        public Map<String, String> params() {
            return params;
        }

        @Override
        public String toString() {
            return "OPEN(" + streamId + ", " + params + ", credit=" + initialCredit + ", body=" + content().readableBytes() + "B)";
        }
    }

    /** A batch of {@code recordCount} records, each a 4-byte length and its bytes. */
    final class Data extends DefaultByteBufHolder implements Frame {
        private final int streamId;
        private final int recordCount;

        public Data(int streamId, int recordCount, ByteBuf records) {
            super(records);
            this.streamId = streamId;
            this.recordCount = recordCount;
        }

        @Override
        public int streamId() {
            return streamId;
        }

        /** How many records the batch holds. */
        public int recordCount() {
            return recordCount;
        }

        @Override
        public String toString() {
            return "DATA(" + streamId + ", " + recordCount + " records)";
        }
    }

    /** Grants the receiver of this frame permission to send {@code credits} more records. */
    record Credit(int streamId, int credits) implements Frame {
        public Credit {
            if (credits <= 0) {
                throw new IllegalArgumentException("credits: " + credits + " (expected: > 0)");
            }
        }
    }

    /** The sender will send no more records on this stream. */
    record End(int streamId) implements Frame {
    }

    /** A stream (or, with stream id 0, the connection) failed. */
    record Error(int streamId, ErrorCode code, String message) implements Frame {
        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** The receiver asks the sender to stop: gracefully (finish and END) or by aborting. */
    record Cancel(int streamId, boolean graceful) implements Frame {
    }

    /** Liveness probe; the peer answers with a PONG carrying the same payload. */
    record Ping(long payload) implements Frame {
        @Override
        public int streamId() {
            return 0;
        }
    }

    /** Answer to a PING. */
    record Pong(long payload) implements Frame {
        @Override
        public int streamId() {
            return 0;
        }
    }
}
