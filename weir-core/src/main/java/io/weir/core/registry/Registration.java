package io.weir.core.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.transport.TransportEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What a service instance registers. {@code instanceId} is optional: an instance re-registering after a master restart
 * sends the id it had, so watchers see the same instance come back. {@code leaseTtlMs} null means the master's default.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Registration(
        String instanceId,
        String name,
        ServiceType type,
        List<String> inputTypes,
        List<String> outputTypes,
        List<TransportEndpoint> endpoints,
        InstanceHealth health,
        Map<String, String> metadata,
        Long leaseTtlMs) {

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");
    public static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    public static final int MAX_EVENT_TYPES = 32;
    public static final int MAX_ENDPOINTS = 16;
    public static final int MAX_METADATA = 32;
    public static final int MAX_METADATA_CHARS = 512;
    public static final long MIN_LEASE_TTL_MS = 500;
    public static final long MAX_LEASE_TTL_MS = 300_000;

    public Registration {
        inputTypes = inputTypes == null ? List.of() : List.copyOf(inputTypes);
        outputTypes = outputTypes == null ? List.of() : List.copyOf(outputTypes);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        health = health == null ? InstanceHealth.HEALTHY : health;
    }

    /** Every reason this registration cannot be accepted, each a sentence naming the field and the fix; empty when valid. */
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        if (instanceId != null && !INSTANCE_ID.matcher(instanceId).matches()) {
            out.add("instanceId: '" + instanceId + "' (expected: letters, digits, '.', '_', ':' or '-', at most 128)");
        }
        if (name == null) {
            out.add("name: missing (expected: the service's name, e.g. \"enricher\")");
        } else if (!NAME.matcher(name).matches()) {
            out.add("name: '" + name + "' (expected: letters, digits, '.', '_' or '-', starting with a letter or digit, at most 64)");
        }
        if (type == null) {
            out.add("type: missing (expected: SOURCE, PROCESSOR or SINK)");
        } else {
            if (type != ServiceType.SOURCE && inputTypes.isEmpty()) {
                out.add("inputTypes: a " + type + " consumes at least one event type");
            }
            if (type == ServiceType.SOURCE && !inputTypes.isEmpty()) {
                out.add("inputTypes: a SOURCE consumes nothing (register it as a PROCESSOR)");
            }
            if (type != ServiceType.SINK && outputTypes.isEmpty()) {
                out.add("outputTypes: a " + type + " produces at least one event type");
            }
            if (type == ServiceType.SINK && !outputTypes.isEmpty()) {
                out.add("outputTypes: a SINK produces nothing (register it as a PROCESSOR)");
            }
        }
        eventTypes("inputTypes", inputTypes, out);
        eventTypes("outputTypes", outputTypes, out);
        if (endpoints.size() > MAX_ENDPOINTS) {
            out.add("endpoints: " + endpoints.size() + " (expected: at most " + MAX_ENDPOINTS + ")");
        }
        for (TransportEndpoint e : endpoints) {
            if (e == null) {
                out.add("endpoints: an entry is null");
            } else if (e.address().isBlank() || e.address().length() > MAX_METADATA_CHARS) {
                out.add("endpoints: address '" + e.address() + "' (expected: host:port or a URL, at most " + MAX_METADATA_CHARS + " chars)");
            }
        }
        if (metadata.size() > MAX_METADATA) {
            out.add("metadata: " + metadata.size() + " entries (expected: at most " + MAX_METADATA + ")");
        }
        metadata.forEach((k, v) -> {
            if (k.length() > 128 || v == null || v.length() > MAX_METADATA_CHARS) {
                out.add("metadata: entry '" + k + "' (expected: key at most 128 chars, value at most " + MAX_METADATA_CHARS + ")");
            }
        });
        if (leaseTtlMs != null && (leaseTtlMs < MIN_LEASE_TTL_MS || leaseTtlMs > MAX_LEASE_TTL_MS)) {
            out.add("leaseTtlMs: " + leaseTtlMs + " (expected: " + MIN_LEASE_TTL_MS + ".." + MAX_LEASE_TTL_MS
                    + ", or leave it out for the master's default)");
        }
        if (health.reason() != null && health.reason().length() > MAX_METADATA_CHARS) {
            out.add("health.reason: " + health.reason().length() + " chars (expected: at most " + MAX_METADATA_CHARS + ")");
        }
        return out;
    }

    private static void eventTypes(String field, List<String> types, List<String> out) {
        if (types.size() > MAX_EVENT_TYPES) {
            out.add(field + ": " + types.size() + " event types (expected: at most " + MAX_EVENT_TYPES + ")");
        }
        for (String t : types) {
            if (t == null || !EVENT_TYPE.matcher(t).matches()) {
                out.add(field + ": '" + t + "' (expected: an event type of letters, digits, '.', '_', ':', '/' or '-', at most 128)");
            }
        }
    }
}
