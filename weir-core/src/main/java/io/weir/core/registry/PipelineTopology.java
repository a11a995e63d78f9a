package io.weir.core.registry;

import java.util.List;

/**
 * The graph of services joined by event types: one node per service name, one edge per (producer, consumer, event
 * type); {@code unproduced} lists event types someone consumes and nobody produces, {@code unconsumed} the reverse.
 */
public record PipelineTopology(long revision, List<Node> services, List<Edge> edges, List<String> unproduced,
                               List<String> unconsumed) {

    public PipelineTopology {
        services = List.copyOf(services);
        edges = List.copyOf(edges);
        unproduced = List.copyOf(unproduced);
        unconsumed = List.copyOf(unconsumed);
    }

    /** A service: its name, role, event types (union over its instances) and how many instances it has. */
    public record Node(String name, ServiceType type, List<String> inputTypes, List<String> outputTypes, int instances) {
    }

    /** {@code from} produces {@code eventType}, which {@code to} consumes. */
    public record Edge(String from, String to, String eventType) {
    }
}
