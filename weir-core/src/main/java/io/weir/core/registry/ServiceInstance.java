package io.weir.core.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.weir.core.transport.TransportEndpoint;
import java.util.List;
import java.util.Map;

/**
 * One instance as the registry knows it. {@code origin} is {@code registered} for instances that registered
 * themselves and {@code job} for a Weir job's sink worker (then {@code jobId} and {@code workerIndex} are set and
 * there is no lease: the instance lives as long as the worker). Times are epoch milliseconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ServiceInstance(
        String instanceId,
        String name,
        ServiceType type,
        List<String> inputTypes,
        List<String> outputTypes,
        List<TransportEndpoint> endpoints,
        InstanceHealth health,
        Map<String, String> metadata,
        Map<String, Double> figures,
        String origin,
        String jobId,
        Integer workerIndex,
        long registeredAt,
        Long leaseExpiresAt) {

    public static final String REGISTERED = "registered";
    public static final String JOB = "job";

    public ServiceInstance {
        inputTypes = inputTypes == null ? List.of() : List.copyOf(inputTypes);
        outputTypes = outputTypes == null ? List.of() : List.copyOf(outputTypes);
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        figures = figures == null ? Map.of() : Map.copyOf(figures);
        health = health == null ? InstanceHealth.HEALTHY : health;
    }
}
