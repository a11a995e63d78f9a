package io.weir.transport.registry;

import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;
import io.weir.transport.config.TransportConfig;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the request and response transports a process uses: the configured ones, which must offer what
 * the caller requires. Falls back only to the explicitly configured {@code WEIR_REQUEST_PLANE_FALLBACK},
 * and says so in the log. Immutable; any thread.
 */
public final class PlaneSelection {

    private static final Logger LOG = LoggerFactory.getLogger(PlaneSelection.class);

    private final TransportRegistry registry;
    private final TransportConfig config;

    /** Selection among {@code registry}'s transports as {@code config} directs. */
    public PlaneSelection(TransportRegistry registry, TransportConfig config) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The request-plane transport ({@code WEIR_REQUEST_PLANE}) offering {@code required}. */
    public TransportRegistration requestPlane(TransportCapabilities required) {
        try {
            return registry.select(Plane.REQUEST, config.requestPlane(), required);
        } catch (NoSuitableTransportException e) {
            if (config.requestPlaneFallback().isEmpty()) {
                throw new NoSuitableTransportException("WEIR_REQUEST_PLANE=" + config.requestPlane().wireName()
                        + ": " + e.getMessage() + "; choose another WEIR_REQUEST_PLANE or set WEIR_REQUEST_PLANE_FALLBACK");
            }
            TransportId fallback = config.requestPlaneFallback().get();
            TransportRegistration chosen = registry.select(Plane.REQUEST, fallback, required);
            LOG.warn("request plane: {}; using the configured fallback WEIR_REQUEST_PLANE_FALLBACK={}",
                    e.getMessage(), fallback.wireName());
            return chosen;
        }
    }

    /** The response-plane transport ({@code WEIR_RESPONSE_PLANE}) offering {@code required}; never falls back. */
    public TransportRegistration responsePlane(TransportCapabilities required) {
        try {
            return registry.select(Plane.RESPONSE, config.responsePlane(), required);
        } catch (NoSuitableTransportException e) {
            throw new NoSuitableTransportException("WEIR_RESPONSE_PLANE=" + config.responsePlane().wireName() + ": "
                    + e.getMessage());
        }
    }
}
