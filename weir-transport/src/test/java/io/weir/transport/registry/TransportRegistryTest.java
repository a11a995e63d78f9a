package io.weir.transport.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.json.Json;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransportRegistryTest {

    private static final TransportCapabilities STREAMING = new TransportCapabilities(true, false, false, null);
    private static final TransportCapabilities BIDI = new TransportCapabilities(false, false, true, null);

    private final TransportRegistry registry = StandardTransports.registry();

    @Test
    void selectsTheHighestPriorityTransportThatOffersTheRequirement() {
        assertThat(registry.select(Plane.REQUEST, TransportCapabilities.NONE).id()).isEqualTo(TransportId.TCP);
        TransportRegistry httpFirst = TransportRegistry.builder()
                .register(new TransportRegistration(TransportId.TCP, Plane.RESPONSE, StandardTransports.TCP, 1))
                .register(new TransportRegistration(TransportId.HTTP, Plane.RESPONSE, StandardTransports.HTTP, 5))
                .build();
        assertThat(httpFirst.select(Plane.RESPONSE, STREAMING).id()).isEqualTo(TransportId.HTTP);
        assertThat(httpFirst.select(Plane.RESPONSE, BIDI).id()).isEqualTo(TransportId.TCP);
    }

    @Test
    void errorNamesTheCapabilityNothingOffers() {
        TransportRegistry httpOnly = TransportRegistry.builder()
                .register(new TransportRegistration(TransportId.HTTP, Plane.REQUEST, StandardTransports.HTTP, 1))
                .build();
        assertThatThrownBy(() -> httpOnly.select(Plane.REQUEST, BIDI))
                .isInstanceOf(NoSuitableTransportException.class)
                .hasMessage("no request-plane transport offers bidirectional (http lacks bidirectional)");
        assertThatThrownBy(() -> httpOnly.select(Plane.STREAM, TransportCapabilities.NONE))
                .hasMessage("no transport is registered on the stream plane");
    }

    @Test
    void configuredTransportNeverFallsBackSilently() {
        assertThatThrownBy(() -> registry.select(Plane.RESPONSE, TransportId.HTTP, BIDI))
                .isInstanceOf(NoSuitableTransportException.class)
                .hasMessage("response plane: configured transport http lacks bidirectional");
        assertThatThrownBy(() -> registry.select(Plane.STREAM, TransportId.HTTP, TransportCapabilities.NONE))
                .hasMessage("stream plane: transport http is not registered (registered: tcp)");
        assertThat(registry.select(Plane.REQUEST, TransportId.HTTP, STREAMING).id()).isEqualTo(TransportId.HTTP);
    }

    @Test
    void maxMessageSizeIsACapability() {
        TransportCapabilities needsHuge = new TransportCapabilities(false, false, false, 1L << 30);
        assertThat(registry.select(Plane.REQUEST, needsHuge).id()).isEqualTo(TransportId.HTTP);
        assertThatThrownBy(() -> registry.select(Plane.STREAM, needsHuge))
                .hasMessageContaining("maxMessageBytes>=1073741824");
    }

    @Test
    void duplicateRegistrationIsRejected() {
        TransportRegistration tcp = new TransportRegistration(TransportId.TCP, Plane.REQUEST, StandardTransports.TCP, 1);
        assertThatThrownBy(() -> TransportRegistry.builder().register(tcp).register(tcp))
                .hasMessage("transport tcp is already registered on the request plane");
    }

    @Test
    void peerEndpointMismatchFailsFast() {
        TransportEndpoint http = new TransportEndpoint(TransportId.HTTP, Plane.RESPONSE, "http://w1:8082/v1/rpc",
                StandardTransports.HTTP, Map.of());
        TransportRegistry.requireCompatible(http, STREAMING);
        assertThatThrownBy(() -> TransportRegistry.requireCompatible(http, BIDI))
                .hasMessage("http endpoint http://w1:8082/v1/rpc on the response plane lacks bidirectional");
    }

    @Test
    void endpointsTravelAsJson() throws Exception {
        ObjectMapper mapper = Json.strict();
        TransportEndpoint endpoint = new TransportEndpoint(TransportId.TCP, Plane.STREAM, "10.0.0.5:7159",
                StandardTransports.TCP, Map.of("version", "1"));
        String json = mapper.writeValueAsString(endpoint);
        assertThat(json).contains("\"transportId\":\"tcp\"", "\"plane\":\"stream\"", "\"maxMessageBytes\":16777216");
        assertThat(mapper.readValue(json, TransportEndpoint.class)).isEqualTo(endpoint);
        TransportEndpoint minimal = Json.lenient().readValue(
                "{\"transportId\":\"http\",\"plane\":\"request\",\"address\":\"http://h:1\",\"extra\":1}",
                TransportEndpoint.class);
        assertThat(minimal.capabilities()).isEqualTo(TransportCapabilities.NONE);
        assertThat(minimal.metadata()).isEmpty();
    }

    @Test
    void natsIsARequestPlaneWhoseResponsesNeedCallHome() {
        assertThat(registry.select(Plane.REQUEST, TransportId.NATS, TransportCapabilities.NONE).capabilities())
                .isEqualTo(StandardTransports.NATS);
        assertThatThrownBy(() -> registry.select(Plane.RESPONSE, TransportId.NATS, TransportCapabilities.NONE))
                .isInstanceOf(NoSuitableTransportException.class);
        assertThatThrownBy(() -> registry.select(Plane.REQUEST, TransportId.NATS,
                new TransportCapabilities(true, false, false, null)))
                .isInstanceOf(NoSuitableTransportException.class).hasMessageContaining("streaming");
    }
}
