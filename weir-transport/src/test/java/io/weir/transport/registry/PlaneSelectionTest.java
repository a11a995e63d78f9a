package io.weir.transport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportId;
import io.weir.transport.config.TransportConfig;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class PlaneSelectionTest {

    private static final TransportCapabilities BIDI = new TransportCapabilities(false, false, true, null);
    private final TransportRegistry registry = StandardTransports.registry();

    private PlaneSelection selection(Map<String, String> env) {
        return new PlaneSelection(registry, TransportConfig.from(env, new Properties()));
    }

    @Test
    void configuredTransportIsUsedWhenItOffersTheRequirement() {
        assertThat(selection(Map.of("WEIR_REQUEST_PLANE", "http")).requestPlane(TransportCapabilities.NONE).id())
                .isEqualTo(TransportId.HTTP);
        assertThat(selection(Map.of()).responsePlane(BIDI).id()).isEqualTo(TransportId.TCP);
    }

    @Test
    void mismatchFailsFastNamingTheVariableAndTheMissingCapability() {
        assertThatThrownBy(() -> selection(Map.of("WEIR_REQUEST_PLANE", "http")).requestPlane(BIDI))
                .isInstanceOf(NoSuitableTransportException.class)
                .hasMessage("WEIR_REQUEST_PLANE=http: request plane: configured transport http lacks bidirectional;"
                        + " choose another WEIR_REQUEST_PLANE or set WEIR_REQUEST_PLANE_FALLBACK");
        assertThatThrownBy(() -> selection(Map.of("WEIR_REQUEST_PLANE", "http", "WEIR_RESPONSE_PLANE", "http"))
                .responsePlane(BIDI))
                .hasMessage("WEIR_RESPONSE_PLANE=http: response plane: configured transport http lacks bidirectional");
    }

    @Test
    void onlyAnExplicitFallbackIsUsed() {
        PlaneSelection withFallback = selection(Map.of("WEIR_REQUEST_PLANE", "http", "WEIR_REQUEST_PLANE_FALLBACK", "tcp"));
        assertThat(withFallback.requestPlane(BIDI).id()).isEqualTo(TransportId.TCP);
        assertThat(withFallback.requestPlane(TransportCapabilities.NONE).id()).isEqualTo(TransportId.HTTP);
    }
}
