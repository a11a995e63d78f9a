package io.weir.core.registry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Which instances a query or watch selects; every null field matches all. {@code produces} selects the upstreams of
 * an event type (services producing it), {@code consumes} its downstreams. As URL query parameters: {@code type},
 * {@code name}, {@code produces}, {@code consumes}.
 */
public record ServiceQuery(ServiceType type, String name, String produces, String consumes) {

    public static final ServiceQuery ALL = new ServiceQuery(null, null, null, null);

    public static ServiceQuery upstreamsOf(String eventType) {
        return new ServiceQuery(null, null, eventType, null);
    }

    public static ServiceQuery downstreamsOf(String eventType) {
        return new ServiceQuery(null, null, null, eventType);
    }

    public static ServiceQuery named(String name) {
        return new ServiceQuery(null, name, null, null);
    }

    /** Whether {@code i} is selected. */
    public boolean matches(ServiceInstance i) {
        return (type == null || type == i.type())
                && (name == null || name.equals(i.name()))
                && (produces == null || i.outputTypes().contains(produces))
                && (consumes == null || i.inputTypes().contains(consumes));
    }

    /** The URL query string, with a leading '?' unless empty. */
    public String toQueryString() {
        List<String> parts = new ArrayList<>();
        add(parts, "type", type == null ? null : type.name());
        add(parts, "name", name);
        add(parts, "produces", produces);
        add(parts, "consumes", consumes);
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }

    private static void add(List<String> parts, String key, String value) {
        if (value != null) {
            parts.add(key + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }
}
