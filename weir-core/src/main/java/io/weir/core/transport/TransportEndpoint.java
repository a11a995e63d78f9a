package io.weir.core.transport;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import java.util.Objects;

/**
 * One way to reach a service, as advertised in discovery: the transport, on which plane, its address
 * ({@code host:port} for tcp, a URL for http), its capabilities, and free-form metadata.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record TransportEndpoint(
        TransportId transportId,
        Plane plane,
        String address,
        TransportCapabilities capabilities,
        Map<String, String> metadata) {

    public TransportEndpoint {
        Objects.requireNonNull(transportId, "transportId");
        Objects.requireNonNull(plane, "plane");
        Objects.requireNonNull(address, "address");
        capabilities = capabilities == null ? TransportCapabilities.NONE : capabilities;
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
