package io.weir.runtime.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One response on the wire: {@code {"position":<n>,"data":"<base64 payload>"}}, a JSON object on one line, so it
 * travels unchanged as a TCP DATA record, an SSE {@code data:} line, an NDJSON record and a binary record.
 */
public record ServiceEnvelope(long position, byte[] payload) {

    /** Encodes {@code payload} at {@code position}. */
    public static byte[] encode(long position, byte[] payload) {
        return ("{\"position\":" + position + ",\"data\":\"" + Base64.getEncoder().encodeToString(payload) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Decodes one record; throws {@link IllegalArgumentException} naming what is wrong. */
    public static ServiceEnvelope decode(byte[] record) {
        try {
            JsonNode node = Json.strict().readTree(record);
            if (node == null || !node.path("position").canConvertToLong() || !node.path("data").isTextual()) {
                throw new IllegalArgumentException("not a service response (expected {\"position\":n,\"data\":\"base64\"}): "
                        + new String(record, StandardCharsets.UTF_8));
            }
            return new ServiceEnvelope(node.get("position").asLong(), Base64.getDecoder().decode(node.get("data").asText()));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a service response: " + e.getMessage(), e);
        }
    }

    /** The payload as UTF-8 text. */
    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }
}
