package io.weir.transport.registry;

import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;

/** The capabilities of Weir's built-in transports, and a registry holding them on every plane. */
public final class StandardTransports {

    /** TCP stream protocol: multiplexed, persistent, bidirectional, frames up to 16 MiB. */
    public static final TransportCapabilities TCP = new TransportCapabilities(true, true, true, (long) (16 << 20));
    /** HTTP/1.1 POST with a streamed (SSE, NDJSON or binary) response body, on keep-alive connections. */
    public static final TransportCapabilities HTTP = new TransportCapabilities(true, true, false, null);

    /**
     * NATS request/reply (jnats): persistent client connections to the NATS server, messages up to the server's
     * max_payload (1 MiB by default); no streaming by itself, so responses come back over the tcp response
     * plane (call-home). Registered on the request plane only.
     */
    public static final TransportCapabilities NATS = new TransportCapabilities(false, true, false, (long) (1 << 20));

    private StandardTransports() {
    }

    /**
     * A registry with tcp (priority 20) and http (priority 10) on the request and response planes, nats (priority 5)
     * on the request plane, tcp on the stream plane.
     */
    public static TransportRegistry registry() {
        return TransportRegistry.builder()
                .register(new TransportRegistration(TransportId.TCP, Plane.REQUEST, TCP, 20))
                .register(new TransportRegistration(TransportId.HTTP, Plane.REQUEST, HTTP, 10))
                .register(new TransportRegistration(TransportId.NATS, Plane.REQUEST, NATS, 5))
                .register(new TransportRegistration(TransportId.TCP, Plane.RESPONSE, TCP, 20))
                .register(new TransportRegistration(TransportId.HTTP, Plane.RESPONSE, HTTP, 10))
                .register(new TransportRegistration(TransportId.TCP, Plane.STREAM, TCP, 20))
                .build();
    }
}
