package io.weir.client.rest;

import static io.weir.client.internal.MasterHttp.segment;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpMethod;
import io.weir.client.internal.MasterHttp;
import io.weir.core.model.AssignmentRequest;
import io.weir.core.model.JobClusterDefinition;
import io.weir.core.model.JobDetails;
import io.weir.core.model.ServiceAssignment;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** {@code /api/v1/jobClusters}: job cluster definitions and job submission. Thread-safe. */
public final class JobClusters {

    private static final String ROOT = "/api/v1/jobClusters";

    private final MasterHttp http;

    public JobClusters(MasterHttp http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /**
     * The worker of the cluster's streaming service a session should use, chosen by the master's director; fails with
     * 503 ({@code no_worker}) and a sentence per worker when none can take a session.
     */
    public Mono<ServiceAssignment> assignAsync(String cluster, AssignmentRequest request) {
        return http.call(HttpMethod.POST, http.url(ROOT + "/" + segment(cluster) + "/assignments", Map.of()), request,
                ServiceAssignment.class);
    }

    /** Every definition. */
    public List<JobClusterDefinition> list() {
        return listAsync().block();
    }

    public Mono<List<JobClusterDefinition>> listAsync() {
        return http.list(http.url(ROOT, Map.of()), JobClusterDefinition.class);
    }

    /** One definition; 404 if there is none of that name. */
    public JobClusterDefinition get(String name) {
        return getAsync(name).block();
    }

    public Mono<JobClusterDefinition> getAsync(String name) {
        return http.call(HttpMethod.GET, http.url(ROOT + "/" + segment(name), Map.of()), null, JobClusterDefinition.class);
    }

    /** Stores a new definition and returns it with defaults filled; 409 if the name exists, 400 naming a bad field. */
    public JobClusterDefinition create(JobClusterDefinition definition) {
        return createAsync(definition).block();
    }

    public Mono<JobClusterDefinition> createAsync(JobClusterDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        return http.call(HttpMethod.POST, http.url(ROOT, Map.of()), definition, JobClusterDefinition.class);
    }

    /** Replaces the definition of {@code definition.name()}; running jobs keep the definition they started with. */
    public JobClusterDefinition update(JobClusterDefinition definition) {
        return updateAsync(definition).block();
    }

    public Mono<JobClusterDefinition> updateAsync(JobClusterDefinition definition) {
        Objects.requireNonNull(definition, "definition");
        return http.call(HttpMethod.PUT, http.url(ROOT + "/" + segment(definition.name()), Map.of()), definition,
                JobClusterDefinition.class);
    }

    /** Deletes the cluster and its ended jobs; 409 while one of its jobs is active. */
    public void delete(String name) {
        deleteAsync(name).block();
    }

    public Mono<Void> deleteAsync(String name) {
        return http.call(HttpMethod.DELETE, http.url(ROOT + "/" + segment(name), Map.of()), null, JsonNode.class).then();
    }

    /** Submits a job of the cluster as defined; the answer's {@code jobId} is {@code <name>-<n>}. */
    public JobDetails submit(String name) {
        return submitAsync(name, SubmitOverrides.NONE).block();
    }

    /** Submits a job with parameters, stage sizes or labels changed for this job only. */
    public JobDetails submit(String name, SubmitOverrides overrides) {
        return submitAsync(name, overrides).block();
    }

    public Mono<JobDetails> submitAsync(String name, SubmitOverrides overrides) {
        Objects.requireNonNull(overrides, "overrides");
        return http.call(HttpMethod.POST, http.url(ROOT + "/" + segment(name) + "/jobs", Map.of()), overrides.body(), JobDetails.class);
    }
}
