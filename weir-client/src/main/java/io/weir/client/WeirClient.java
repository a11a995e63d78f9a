package io.weir.client;

import io.netty.handler.codec.http.HttpMethod;
import io.weir.client.discovery.Discovery;
import io.weir.client.internal.MasterHttp;
import io.weir.client.registry.Registry;
import io.weir.client.rest.Artifacts;
import io.weir.client.rest.JobClusters;
import io.weir.client.rest.Jobs;
import io.weir.client.rest.ResourceClusters;
import io.weir.client.sink.SinkSession;
import io.weir.client.sink.SinkTarget;
import io.weir.transport.tls.TlsConfig;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * The Java client of a Weir master: its REST API ({@link #jobClusters()}, {@link #jobs()}, {@link #resourceClusters()},
 * health), its discovery streams ({@link #discovery()}) and sink sessions ({@link #sinkSession}). One instance per
 * master, shared by threads; close it to release its connections.
 *
 * <p>Blocking methods must not be called on a Reactor or Netty thread; use their {@code Async} twins there. Failures
 * are {@link WeirClientException}s: {@link WeirClientException#isUserError()} for a 4xx carrying the master's sentence,
 * {@link MasterUnavailableException} for a 5xx, an unreachable master or a timeout.
 */
public final class WeirClient implements AutoCloseable {

    private final MasterHttp http;
    private final JobClusters jobClusters;
    private final Artifacts artifacts;
    private final Jobs jobs;
    private final ResourceClusters resourceClusters;
    private final Discovery discovery;
    private final Registry registry;

    private WeirClient(WeirClientConfig config, TlsConfig tls) {
        this.http = new MasterHttp(config, tls);
        this.jobClusters = new JobClusters(http);
        this.artifacts = new Artifacts(http);
        this.jobs = new Jobs(http);
        this.resourceClusters = new ResourceClusters(http);
        this.discovery = new Discovery(http);
        this.registry = new Registry(http);
    }

    /**
     * A client of the master at {@code masterUrl} (e.g. {@code http://127.0.0.1:8100}, or {@code https://...}) with default
     * settings; on {@code https://} it trusts {@code WEIR_TLS_CA} and presents {@code WEIR_TLS_CERT} when they are set.
     */
    public static WeirClient create(String masterUrl) {
        return create(WeirClientConfig.of(masterUrl));
    }

    /** As {@link #create(String)}, with these settings. */
    public static WeirClient create(WeirClientConfig config) {
        return create(config, TlsConfig.fromProcess());
    }

    /** A client with these settings whose {@code https://} connections trust and present what {@code tls} says. */
    public static WeirClient create(WeirClientConfig config, TlsConfig tls) {
        return new WeirClient(java.util.Objects.requireNonNull(config, "config"), java.util.Objects.requireNonNull(tls, "tls"));
    }

    public WeirClientConfig config() {
        return http.config();
    }

    /** Job cluster definitions and submission. */
    public JobClusters jobClusters() {
        return jobClusters;
    }

    /** Job jars stored on the master ({@code master:<sha256>} artifacts). */
    public Artifacts artifacts() {
        return artifacts;
    }

    /** Jobs: list, describe, kill, scale, replace workers. */
    public Jobs jobs() {
        return jobs;
    }

    /** Task executors and reservations of resource clusters. */
    public ResourceClusters resourceClusters() {
        return resourceClusters;
    }

    /** Scheduling info and newest-job streams that reconnect by themselves. */
    public Discovery discovery() {
        return discovery;
    }

    /** The service registry: queries, watches, topology, health; see also {@link io.weir.client.registry.ServiceRegistration}. */
    public Registry registry() {
        return registry;
    }

    /**
     * A builder of a sink session on {@code target}, with workers found through this client's discovery and each job's
     * sink read token fetched from the master ({@link Jobs#sinkToken}).
     */
    public SinkSession.Builder sinkSession(SinkTarget target) {
        return SinkSession.builder(discovery, target).sinkTokens(jobs::sinkTokenAsync);
    }

    /** Whether the master answers {@code /healthz} with 200; throws {@link MasterUnavailableException} if unreachable. */
    public boolean isHealthy() {
        return isHealthyAsync().block();
    }

    public Mono<Boolean> isHealthyAsync() {
        return http.exchange(HttpMethod.GET, http.url("/healthz", Map.of()), null).map(res -> res.status() == 200);
    }

    /** Whether the master has finished recovery ({@code /readyz} 200, not 503); throws if unreachable. */
    public boolean isReady() {
        return isReadyAsync().block();
    }

    public Mono<Boolean> isReadyAsync() {
        return http.exchange(HttpMethod.GET, http.url("/readyz", Map.of()), null).map(res -> res.status() == 200);
    }

    /** Closes the client's connections, discovery streams included; close its sink sessions first. */
    @Override
    public void close() {
        http.close();
    }
}
