package io.weir.client.rest;

import static io.weir.client.internal.MasterHttp.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.weir.client.internal.MasterHttp;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** {@code /api/v1/resourceClusters}: the views of task executors and pending reservations. Thread-safe. */
public final class ResourceClusters {

    private static final String ROOT = "/api/v1/resourceClusters";

    private final MasterHttp http;

    public ResourceClusters(MasterHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Ids of the resource clusters that have had task executors. */
    public List<String> list() {
        return listAsync().block();
    }

    public Mono<List<String>> listAsync() {
        return http.list(http.url(ROOT, Map.of()), String.class);
    }

    /** The cluster's task executors; 404 while none has registered. */
    public List<TaskExecutorInfo> taskExecutors(String clusterId) {
        return taskExecutorsAsync(clusterId).block();
    }

    public Mono<List<TaskExecutorInfo>> taskExecutorsAsync(String clusterId) {
        return http.list(http.url(ROOT + "/" + segment(clusterId) + "/taskExecutors", Map.of()), TaskExecutorInfo.class);
    }

    /** Forgets an agent that is gone (lost, or not heard from since the master started); 409 for a live one. Admin. */
    public void forget(String clusterId, String agentId) {
        http.call(HttpMethod.DELETE, http.url(ROOT + "/" + segment(clusterId) + "/taskExecutors/" + segment(agentId), Map.of()), null,
                JsonNode.class).block();
    }

    /** Pending reservations per constraint group, in processing order, as the master renders them. */
    public JsonNode reservations(String clusterId) {
        return reservationsAsync(clusterId).block();
    }

    public Mono<JsonNode> reservationsAsync(String clusterId) {
        return http.call(HttpMethod.GET, http.url(ROOT + "/" + segment(clusterId) + "/reservations", Map.of()), null, JsonNode.class);
    }
}
