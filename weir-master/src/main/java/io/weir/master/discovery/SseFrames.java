package io.weir.master.discovery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** Encodes one value as a complete Server-Sent Events frame, {@code data: <json>\n\n}, once for all subscribers. */
public final class SseFrames {

    private final ObjectMapper json;

    public SseFrames(ObjectMapper json) {
        this.json = json;
    }

    public byte[] encode(Object value) {
        try {
            return ("data: " + json.writeValueAsString(value) + "\n\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
