package io.weir.transport.registry;

import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportCapabilities;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The transports available per plane. Immutable once built ({@link #builder()}), so it is shared freely
 * between threads; it is the one place that says which transport carries what.
 */
public final class TransportRegistry {

    private final Map<Plane, List<TransportRegistration>> byPlane;

    private TransportRegistry(Map<Plane, List<TransportRegistration>> byPlane) {
        this.byPlane = byPlane;
    }

    /** Starts an empty registry. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registrations on {@code plane}, highest priority first. */
    public List<TransportRegistration> registrations(Plane plane) {
        return byPlane.getOrDefault(plane, List.of());
    }

    /** The registration of transport {@code id} on {@code plane}, if any. */
    public Optional<TransportRegistration> find(Plane plane, TransportId id) {
        return registrations(plane).stream().filter(r -> r.id() == id).findFirst();
    }

    /** The highest-priority transport on {@code plane} offering {@code required}; otherwise an error naming what is missing. */
    public TransportRegistration select(Plane plane, TransportCapabilities required) {
        Objects.requireNonNull(required, "required");
        return registrations(plane).stream().filter(r -> r.capabilities().satisfies(required)).findFirst()
                .orElseThrow(() -> new NoSuitableTransportException(noneOffers(plane, required)));
    }

    /**
     * The configured transport on {@code plane}, which must offer {@code required}. It never falls back
     * silently: a mismatch throws, naming the capability the configured transport lacks.
     */
    public TransportRegistration select(Plane plane, TransportId configured, TransportCapabilities required) {
        TransportRegistration registration = find(plane, configured).orElseThrow(() ->
                new NoSuitableTransportException(plane + " plane: transport " + configured + " is not registered"
                        + " (registered: " + ids(plane) + ")"));
        List<String> missing = registration.capabilities().missing(required);
        if (!missing.isEmpty()) {
            throw new NoSuitableTransportException(plane + " plane: configured transport " + configured
                    + " lacks " + String.join(", ", missing));
        }
        return registration;
    }

    /** Checks that a peer's advertised endpoint offers what this side requires; throws naming what is missing. */
    public static void requireCompatible(TransportEndpoint offered, TransportCapabilities required) {
        List<String> missing = offered.capabilities().missing(required);
        if (!missing.isEmpty()) {
            throw new NoSuitableTransportException(offered.transportId() + " endpoint " + offered.address()
                    + " on the " + offered.plane() + " plane lacks " + String.join(", ", missing));
        }
    }

    private String noneOffers(Plane plane, TransportCapabilities required) {
        List<TransportRegistration> candidates = registrations(plane);
        if (candidates.isEmpty()) {
            return "no transport is registered on the " + plane + " plane";
        }
        Set<String> offeredByNone = new LinkedHashSet<>(candidates.get(0).capabilities().missing(required));
        for (TransportRegistration r : candidates) {
            offeredByNone.retainAll(r.capabilities().missing(required));
        }
        String detail = candidates.stream().map(r -> r.id() + " lacks " + String.join(", ",
                r.capabilities().missing(required))).collect(Collectors.joining("; "));
        return offeredByNone.isEmpty()
                ? "no " + plane + "-plane transport offers all of what is required (" + detail + ")"
                : "no " + plane + "-plane transport offers " + String.join(", ", offeredByNone) + " (" + detail + ")";
    }

    private String ids(Plane plane) {
        return registrations(plane).stream().map(r -> r.id().wireName()).collect(Collectors.joining(", "));
    }

    /** Collects registrations; not thread-safe, use from one thread then {@link #build()}. */
    public static final class Builder {
        private final Map<Plane, List<TransportRegistration>> byPlane = new EnumMap<>(Plane.class);

        private Builder() {
        }

        /** Adds a registration; registering the same transport twice on a plane is an error. */
        public Builder register(TransportRegistration registration) {
            List<TransportRegistration> list = byPlane.computeIfAbsent(registration.plane(), p -> new ArrayList<>());
            if (list.stream().anyMatch(r -> r.id() == registration.id())) {
                throw new IllegalArgumentException("transport " + registration.id() + " is already registered on the "
                        + registration.plane() + " plane");
            }
            list.add(registration);
            return this;
        }

        /** The immutable registry. */
        public TransportRegistry build() {
            Map<Plane, List<TransportRegistration>> copy = new EnumMap<>(Plane.class);
            byPlane.forEach((plane, list) -> copy.put(plane, list.stream()
                    .sorted(Comparator.comparingInt(TransportRegistration::priority).reversed()).toList()));
            return new TransportRegistry(copy);
        }
    }
}
