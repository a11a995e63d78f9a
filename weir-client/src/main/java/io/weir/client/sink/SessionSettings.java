package io.weir.client.sink;

import io.weir.core.backoff.ExponentialBackoff;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** A session's validated settings (see {@link SinkSession.Builder} for each one's meaning and default). */
record SessionSettings(
        SinkTarget target,
        SessionMode mode,
        String sessionId,
        String clientId,
        String slotId,
        long sampleMillis,
        String mql,
        boolean metaMessages,
        long heartbeatMillis,
        int missedHeartbeats,
        long connectTimeoutMillis,
        int bufferRecords,
        int maxEventBytes,
        ExponentialBackoff reconnectBackoff) {

    long silenceTimeoutNanos() {
        return heartbeatMillis * missedHeartbeats * 1_000_000L;
    }

    long connectTimeoutNanos() {
        return connectTimeoutMillis * 1_000_000L;
    }

    /** The sink's query string: pings always, at {@code heartbeatMillis}; the caller's options as given. */
    String query() {
        var q = new StringJoiner("&", "?", "");
        q.add("heartbeatMSec=" + heartbeatMillis);
        if (clientId != null) {
            q.add("clientId=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8));
        }
        if (slotId != null) {
            q.add("slotId=" + URLEncoder.encode(slotId, StandardCharsets.UTF_8));
        }
        if (sampleMillis > 0) {
            q.add("sampleMSec=" + sampleMillis);
        }
        if (mql != null) {
            q.add("mql=" + URLEncoder.encode(mql, StandardCharsets.UTF_8));
        }
        if (metaMessages) {
            q.add("enableMetaMessages=true");
        }
        return q.toString();
    }
}
