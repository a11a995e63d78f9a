package io.weir.runtime.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.mql.MqlQuery;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * One published record's SSE events: as published, and as each distinct query (equal texts are one query)
 * filters and projects it. The JSON is parsed at most once, on the first query that needs it, and each query's
 * event is computed at most once; consumers without a query get the published bytes and cost no parsing.
 *
 * <p>Threads: the publishing thread, for the duration of one {@link SinkServer#publish} call.
 */
final class PublishedRecord {

    private static final byte[] FILTERED = new byte[0];

    private final byte[] json;
    private final ObjectMapper mapper;
    private final byte[] frame;
    private JsonNode tree;
    private boolean parsed;
    private Map<MqlQuery, byte[]> frames;

    PublishedRecord(byte[] json, ObjectMapper mapper) {
        this.json = json;
        this.mapper = mapper;
        this.frame = SseFrames.record(json);
    }

    /** The event carrying the record as published. */
    byte[] frame() {
        return frame;
    }

    /** The event carrying the record as {@code query} projects it, or null when the query filters it out. */
    byte[] frame(MqlQuery query) {
        if (frames == null) {
            frames = new HashMap<>(4);
        }
        byte[] f = frames.get(query);
        if (f == null) {
            f = evaluate(query);
            frames.put(query, f);
        }
        return f == FILTERED ? null : f;
    }

    private byte[] evaluate(MqlQuery query) {
        if (query.passesEverything()) {
            return frame;
        }
        JsonNode record = tree();
        JsonNode out = record == null ? null : query.apply(record);
        if (out == null) {
            return FILTERED;
        }
        if (out == record) {
            return frame;
        }
        try {
            return SseFrames.record(mapper.writeValueAsBytes(out));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a projection of parsed JSON could not be written as JSON", e);
        }
    }

    /** The parsed record, or null when it is not JSON; parsed on the first call. */
    JsonNode tree() {
        if (!parsed) {
            parsed = true;
            try {
                tree = mapper.readTree(json);
            } catch (IOException e) {
                tree = null;
            }
        }
        return tree;
    }
}
