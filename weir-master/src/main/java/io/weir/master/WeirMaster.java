package io.weir.master;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weir.transport.metrics.ProcessMeters;
import io.weir.core.json.Json;
import io.weir.core.model.WorkerPorts;
import io.weir.master.api.ControlPlane;
import io.weir.master.api.MasterHttpServer;
import io.weir.master.director.Director;
import io.weir.master.discovery.DiscoveryHub;
import io.weir.master.discovery.DiscoveryMetrics;
import io.weir.master.discovery.SseFrames;
import io.weir.master.job.ClusterCatalog;
import io.weir.master.job.JobSupervisor;
import io.weir.master.job.MasterRecovery;
import io.weir.master.loop.ControlLoop;
import io.weir.master.registry.RegistryRuntime;
import io.weir.master.resource.AgentClient;
import io.weir.master.resource.ResourceClusters;
import io.weir.master.scheduler.SchedulerFactory;
import io.weir.master.scheduler.SchedulingListener;
import io.weir.master.scheduler.WorkerScheduler;
import io.weir.master.store.JdbcMasterStore;
import io.weir.master.store.MasterStore;
import io.weir.transport.tls.TlsConfig;
import java.nio.file.Files;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running master: store, control loop, job supervision, scheduler, discovery, service registry and the HTTP server,
 * wired together. {@link #start} returns once the port is bound; {@code /readyz} turns 200 when recovery has finished.
 */
public final class WeirMaster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WeirMaster.class);
    /** How long the director remembers a worker that stopped reporting its load. */
    private static final long DIRECTOR_FORGET_MILLIS = 60_000;

    private final MasterStore store;
    private final ControlLoop loop;
    private final WorkerScheduler scheduler;
    private final ResourceClusters resourceClusters;
    private final RegistryRuntime services;
    private final MasterHttpServer http;
    private final AtomicBoolean ready;
    private final PrometheusMeterRegistry metrics;
    private final ProcessMeters processMeters;

    private WeirMaster(MasterStore store, ControlLoop loop, WorkerScheduler scheduler, ResourceClusters resourceClusters,
                       RegistryRuntime services, MasterHttpServer http, AtomicBoolean ready,
                       PrometheusMeterRegistry metrics, ProcessMeters processMeters) {
        this.store = store;
        this.loop = loop;
        this.scheduler = scheduler;
        this.resourceClusters = resourceClusters;
        this.services = services;
        this.http = http;
        this.ready = ready;
        this.metrics = metrics;
        this.processMeters = processMeters;
    }

    /** Opens the store, binds the HTTP port, and recovers in the background. */
    public static WeirMaster start(MasterConfig config, SchedulerFactory schedulers, Clock clock) {
        return start(config, schedulers, clock, TlsConfig.disabled());
    }

    /** As above, with TLS on the HTTP port and toward agents as {@code tls} says. */
    public static WeirMaster start(MasterConfig config, SchedulerFactory schedulers, Clock clock, TlsConfig tls) {
        if (config.storeUrl() == null) {
            if (!Files.exists(JdbcMasterStore.h2File(config.dataDir()))) {
                log.warn("No store in {}: starting with an empty one (a first start; if this master ran before, its data "
                        + "directory has moved: stop and point --data-dir at it)", config.dataDir().toAbsolutePath());
            }
            try {
                Files.createDirectories(config.dataDir());
            } catch (java.io.IOException e) {
                throw new io.weir.core.config.ConfigException("data directory " + config.dataDir() + " cannot be created: " + e.getMessage());
            }
        }
        var metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var store = JdbcMasterStore.open(config.effectiveStoreUrl(), config.storeUser(), config.storePassword());
        var loop = new ControlLoop("weir-control-loop");
        io.micrometer.core.instrument.Gauge.builder("weir_control_loop_queued_commands", loop, ControlLoop::queued)
                .description("Commands waiting for the master's control loop").register(metrics);
        var discovery = new DiscoveryHub(loop, config.discoveryWindowMillis(), config.discoveryHeartbeatMillis(),
                new SseFrames(Json.lenient()), new DiscoveryMetrics(metrics));
        var services = RegistryRuntime.start(config.registry(), clock, new SseFrames(Json.lenient()), metrics);
        var artifactStore = io.weir.master.artifact.ArtifactStore.in(config.dataDir(), io.weir.core.config.Settings.fromProcess());
        var clusters = new ClusterCatalog(loop, store, discovery, clock, config.artifacts(), config.maxClusters(),
                sha256 -> artifactStore.find(sha256) != null);
        var holder = new JobSupervisor[1];
        var listener = new SchedulingListener() {
            @Override
            public CompletableFuture<Boolean> workerLaunched(String jobId, int workerNumber, String taskExecutorId, String host,
                                                             WorkerPorts ports) {
                return loop.call(() -> holder[0].onLaunched(jobId, workerNumber, taskExecutorId, host, ports));
            }

            @Override
            public void workersWaiting(String jobId, int stage, String reason) {
                loop.execute(() -> holder[0].onWorkersWaiting(jobId, stage, reason));
            }

            @Override
            public void workerLaunchFailed(String jobId, int workerNumber, String reason) {
                loop.execute(() -> holder[0].onLaunchFailed(jobId, workerNumber, reason));
            }

            @Override
            public void workerLost(String jobId, int workerNumber, String reason) {
                loop.execute(() -> holder[0].onWorkerLost(jobId, workerNumber, reason));
            }
        };
        var credentials = io.weir.master.security.Credentials.resolve(config.security(), config.dataDir());
        var agents = new AgentClient(Json.lenient(), credentials.clusterSecret(), tls);
        var resourceClusters = new ResourceClusters(config.resources(), agents, listener, store, clock, metrics);
        resourceClusters.recover();
        var scheduler = schedulers.create(listener, resourceClusters);
        var jobs = new JobSupervisor(loop, store, clusters, discovery, scheduler,
                credentials.jobTokens(), clock, config.supervisor(), metrics, services.registry());
        holder[0] = jobs;
        var ready = new AtomicBoolean();
        var director = new Director(clock, config.directorSuspectMillis(), DIRECTOR_FORGET_MILLIS, metrics);
        var cp = new ControlPlane(loop, clusters, jobs, store, discovery, services, director, ready);
        var processMeters = ProcessMeters.bindTo(metrics);
        MasterHttpServer http;
        try {
            http = MasterHttpServer.start(config.host(), config.port(), cp, resourceClusters, agents, metrics, config.maxBodyBytes(),
                    config.http(), credentials, tls, artifactStore);
        } catch (RuntimeException e) {
            loop.close();
            services.close();
            scheduler.close();
            resourceClusters.close();
            store.close();
            processMeters.close();
            throw e;
        }
        var master = new WeirMaster(store, loop, scheduler, resourceClusters, services, http, ready, metrics, processMeters);
        log.info("Master listening on port {}; recovering state", http.port());
        MasterRecovery.run(loop, store, clusters, jobs).whenComplete((report, error) -> {
            if (error != null) {
                log.error("Recovery failed; the master stays unready", error);
                return;
            }
            scheduler.markReady();
            loop.every(jobs::checkHeartbeats, jobs.heartbeatCheckIntervalMillis());
            ready.set(true);
            log.info("Master ready");
        });
        return master;
    }

    public int port() {
        return http.port();
    }

    public boolean isReady() {
        return ready.get();
    }

    /** The production scheduler: workers placed on the agents of the master's resource clusters. */
    public static SchedulerFactory resourceScheduler() {
        return (listener, resourceClusters) -> resourceClusters;
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    @Override
    public void close() {
        http.close();
        loop.close();
        services.close();
        scheduler.close();
        resourceClusters.close();
        store.close();
        processMeters.close();
        log.info("Master stopped");
    }
}
