package io.weir.runtime.stream;

import io.weir.transport.tcp.StreamException;
import io.weir.transport.tcp.frame.ErrorCode;

/** An OPEN this worker does not serve: the dialer receives ERROR FORBIDDEN with the message. */
final class Refusal extends StreamException {

    private static final long serialVersionUID = 1L;

    /** Why, as the {@code reason} tag of {@code weir_stream_refused_total}. */
    enum Reason {
        MALFORMED("malformed"), TOKEN("token"), JOB("job"), STAGE("stage"), NOT_READY("not_ready"), INDEX("index"),
        WORKER_NUMBER("worker_number");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        String tag() {
            return tag;
        }
    }

    private final Reason reason;

    Refusal(Reason reason, String message) {
        super(ErrorCode.FORBIDDEN, message);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
