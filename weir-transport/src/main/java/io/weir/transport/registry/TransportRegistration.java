package io.weir.transport.registry;

import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;
import java.util.Objects;

/** A transport offered on one plane, with its capabilities; higher {@code priority} wins selection. */
public record TransportRegistration(TransportId id, Plane plane, TransportCapabilities capabilities, int priority) {

    public TransportRegistration {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(plane, "plane");
        Objects.requireNonNull(capabilities, "capabilities");
    }
}
