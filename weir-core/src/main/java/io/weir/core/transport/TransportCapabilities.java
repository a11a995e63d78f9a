package io.weir.core.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * What a transport can do. {@code maxMessageBytes} is the largest single message it carries, or
 * {@code null} for no limit. Used both for what a transport offers and for what a caller requires.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransportCapabilities(
        boolean streaming,
        boolean persistentConnections,
        boolean bidirectional,
        Long maxMessageBytes) {

    /** Requires nothing; every transport satisfies it. */
    public static final TransportCapabilities NONE = new TransportCapabilities(false, false, false, null);

    public TransportCapabilities {
        if (maxMessageBytes != null && maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes: " + maxMessageBytes + " (expected: > 0)");
        }
    }

    /** Names of the capabilities in {@code required} that this set does not offer; empty when it satisfies them. */
    public List<String> missing(TransportCapabilities required) {
        List<String> missing = new ArrayList<>(4);
        if (required.streaming && !streaming) {
            missing.add("streaming");
        }
        if (required.persistentConnections && !persistentConnections) {
            missing.add("persistentConnections");
        }
        if (required.bidirectional && !bidirectional) {
            missing.add("bidirectional");
        }
        if (required.maxMessageBytes != null && maxMessageBytes != null
                && maxMessageBytes < required.maxMessageBytes) {
            missing.add("maxMessageBytes>=" + required.maxMessageBytes);
        }
        return missing;
    }

    /** True when this set offers everything {@code required} asks for. */
    public boolean satisfies(TransportCapabilities required) {
        return missing(required).isEmpty();
    }
}
