package io.weir.runtime.sink;

import io.weir.mql.Mql;
import io.weir.mql.MqlException;
import io.weir.mql.MqlQuery;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one consumer asked for in its query string.
 *
 * @param clientId          group id; {@code null} makes the connection a group of its own
 * @param slotId            slot within the group; a new connection with a taken slot replaces the old; may be null
 * @param sampleMillis      at most one record per this many milliseconds, 0 for every record
 * @param heartbeatMillis   milliseconds between {@code data: ping} events, 0 for none
 * @param metaMessages      whether to send drop counts as meta events
 * @param query             the {@code mql} (or {@code criterion}) query filtering and projecting records; may be null
 * @param subscriptionId    name under which connections share one query; may be null
 */
record SubscribeParams(String clientId, String slotId, long sampleMillis, long heartbeatMillis, boolean metaMessages,
                       MqlQuery query, String subscriptionId) {

    private static final int MAX_ID_LENGTH = 256;
    private static final long MAX_SAMPLE_MILLIS = 86_400_000L;
    private static final int MAX_HEARTBEAT_SECONDS = 3600;
    private static final long MIN_HEARTBEAT_MILLIS = 50;

    /** Parses decoded query parameters; unknown names are ignored. */
    static SubscribeParams parse(Map<String, List<String>> query, int defaultHeartbeatSeconds) {
        Objects.requireNonNull(query, "query");
        String clientId = id(query, "clientId");
        String slotId = id(query, "slotId");
        if (slotId != null && clientId == null) {
            throw new BadParameterException("slotId", slotId, "a clientId as well, slots are per client group");
        }
        MqlQuery mql = mql(query);
        String subscriptionId = id(query, "subscriptionId");
        long sample = number(query, "sampleMSec", 0, MAX_SAMPLE_MILLIS, "an integer number of milliseconds, 0 to 86400000");
        long heartbeatSec = number(query, "heartbeatSec", 1, MAX_HEARTBEAT_SECONDS, "an integer number of seconds, 1 to 3600");
        long heartbeatMSec = number(query, "heartbeatMSec", MIN_HEARTBEAT_MILLIS, MAX_HEARTBEAT_SECONDS * 1000L,
                "an integer number of milliseconds, 50 to 3600000");
        if (heartbeatSec > 0 && heartbeatMSec > 0) {
            throw new BadParameterException("heartbeatMSec", first(query, "heartbeatMSec"),
                    "either heartbeatSec or heartbeatMSec, not both");
        }
        long heartbeat = heartbeatMSec > 0 ? heartbeatMSec : heartbeatSec * 1000;
        Boolean pings = bool(query, "enablePings");
        boolean meta = Boolean.TRUE.equals(bool(query, "enableMetaMessages"));
        long heartbeatMillis = 0;
        if (!Boolean.FALSE.equals(pings) && (heartbeat > 0 || Boolean.TRUE.equals(pings))) {
            heartbeatMillis = heartbeat > 0 ? heartbeat : defaultHeartbeatSeconds * 1000L;
        }
        return new SubscribeParams(clientId, slotId, sample, heartbeatMillis, meta, mql, subscriptionId);
    }

    /** Parameters without a query or subscription. */
    SubscribeParams(String clientId, String slotId, long sampleMillis, long heartbeatMillis, boolean metaMessages) {
        this(clientId, slotId, sampleMillis, heartbeatMillis, metaMessages, null, null);
    }

    /** These parameters with {@code shared} as the query. */
    SubscribeParams withQuery(MqlQuery shared) {
        return new SubscribeParams(clientId, slotId, sampleMillis, heartbeatMillis, metaMessages, shared, subscriptionId);
    }

    /** The query records go through, or null when every record passes unchanged (no query, or {@code select *} alone). */
    MqlQuery filter() {
        return query == null || query.passesEverything() ? null : query;
    }

    private static MqlQuery mql(Map<String, List<String>> query) {
        String mql = first(query, "mql");
        String criterion = first(query, "criterion");
        if (mql != null && criterion != null) {
            throw new BadParameterException("criterion", criterion, "either mql or criterion, not both; they are the same query");
        }
        String text = mql != null ? mql : criterion;
        if (text == null) {
            return null;
        }
        try {
            return Mql.parse(text);
        } catch (MqlException e) {
            throw new BadParameterException(e.getMessage());
        }
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String id(Map<String, List<String>> query, String name) {
        String value = first(query, name);
        if (value != null && (value.isBlank() || value.length() > MAX_ID_LENGTH)) {
            throw new BadParameterException(name, value, "a non-blank string of at most " + MAX_ID_LENGTH + " characters");
        }
        return value;
    }

    private static long number(Map<String, List<String>> query, String name, long min, long max, String expected) {
        String value = first(query, name);
        if (value == null) {
            return 0;
        }
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the expected form
        }
        throw new BadParameterException(name, value, expected);
    }

    private static Boolean bool(Map<String, List<String>> query, String name) {
        String value = first(query, name);
        if (value == null) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new BadParameterException(name, value, "true or false");
        };
    }
}
