package io.weir.master;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import io.weir.core.model.ArtifactPolicy;
import io.weir.master.job.JobSupervisorConfig;
import io.weir.transport.http.HttpServerLimits;
import java.nio.file.Path;

/**
 * Everything a master is configured with, validated once. Every field has a {@code WEIR_*} variable (see
 * {@link #fromSettings}); command-line flags override them.
 *
 * @param port HTTP port of the REST API and discovery streams ({@code WEIR_MASTER_PORT}, default 8100; 0 picks a free one)
 * @param dataDir directory of the embedded store ({@code WEIR_DATA_DIR}, default {@code ./weir-data})
 * @param storeUrl JDBC URL of the store ({@code WEIR_STORE_URL}); null means H2 in {@code dataDir}
 * @param http what the HTTP port tolerates from clients ({@code WEIR_MASTER_HTTP_HEAD_TIMEOUT_MS}, default 10000;
 *     {@code WEIR_MASTER_HTTP_BODY_TIMEOUT_MS}, default 30000; {@code WEIR_MASTER_HTTP_MAX_CONNECTIONS}, default half the
 *     open-file limit, at most 10000)
 * @param host the address the HTTP port binds ({@code WEIR_MASTER_BIND}, else the older {@code WEIR_MASTER_HOST}, default
 *     {@code 0.0.0.0}); clients reach the master at whatever URL they are given
 * @param artifacts which artifacts job cluster definitions may name ({@code WEIR_ARTIFACT_ALLOWED_PREFIXES},
 *     {@code WEIR_ARTIFACT_REQUIRE_SHA256}); agents enforce their own
 * @param maxClusters job clusters at most ({@code WEIR_MAX_CLUSTERS}, default {@value #DEFAULT_MAX_CLUSTERS})
 * @param security who may call the master ({@code WEIR_AUTH}, {@code WEIR_CLUSTER_SECRET[_FILE]}, {@code WEIR_TOKENS_FILE},
 *     {@code WEIR_ADMIN_TOKEN}, {@code WEIR_READ_TOKEN}; see docs/security.md)
 * @param registry the service registry's leases, watches and limit ({@code WEIR_SERVICE_*}, {@code WEIR_MAX_SERVICE_INSTANCES};
 *     see docs/registry.md)
 * @param directorSuspectMillis how long the director skips a worker a client reported failed ({@code WEIR_DIRECTOR_SUSPECT_MS},
 *     default 5,000)
 */
public record MasterConfig(
        String host,
        int port,
        Path dataDir,
        String storeUrl,
        String storeUser,
        String storePassword,
        JobSupervisorConfig supervisor,
        long discoveryWindowMillis,
        long discoveryHeartbeatMillis,
        int maxBodyBytes,
        io.weir.master.resource.ResourceClusterConfig resources,
        HttpServerLimits http,
        ArtifactPolicy artifacts,
        int maxClusters,
        io.weir.master.security.SecurityConfig security,
        io.weir.master.registry.RegistryConfig registry,
        long directorSuspectMillis) {

    public static final int DEFAULT_PORT = 8100;
    public static final int DEFAULT_MAX_CLUSTERS = 10_000;

    public MasterConfig {
        if (port < 0 || port > 65535) {
            throw new ConfigException("port: " + port + " (expected: 0..65535)");
        }
        if (supervisor.heartbeatTimeoutMillis() <= 0) {
            throw new ConfigException("WEIR_WORKER_HEARTBEAT_TIMEOUT_MS: " + supervisor.heartbeatTimeoutMillis() + " (expected: > 0)");
        }
        if (host == null || host.isBlank()) {
            throw new ConfigException("WEIR_MASTER_BIND: '" + host + "' (expected: an address to bind, e.g. 0.0.0.0 or 127.0.0.1)");
        }
        if (maxClusters < 1) {
            throw new ConfigException("WEIR_MAX_CLUSTERS: " + maxClusters + " (expected: >= 1)");
        }
        java.util.Objects.requireNonNull(artifacts, "artifacts");
        java.util.Objects.requireNonNull(registry, "registry");
        if (discoveryHeartbeatMillis <= 0) {
            throw new ConfigException("WEIR_DISCOVERY_HEARTBEAT_MS: " + discoveryHeartbeatMillis + " (expected: > 0)");
        }
    }

    /** The store URL to open: the configured one, or the embedded H2 file database in the data directory. */
    public String effectiveStoreUrl() {
        return storeUrl != null ? storeUrl : io.weir.master.store.JdbcMasterStore.h2Url(dataDir);
    }

    public static MasterConfig fromSettings(Settings s) {
        var d = JobSupervisorConfig.DEFAULTS;
        long hbInterval = s.longValue("WEIR_WORKER_HEARTBEAT_INTERVAL_MS", 1_000, 1);
        int missed = s.intValue("WEIR_WORKER_MISSED_HEARTBEATS", 3, 1, 1000);
        var supervisor = new JobSupervisorConfig(
                s.longValue("WEIR_WORKER_HEARTBEAT_TIMEOUT_MS", hbInterval * missed, 1),
                s.longValue("WEIR_WORKER_LAUNCH_TIMEOUT_MS", d.launchTimeoutMillis(), 1),
                s.longValue("WEIR_WORKER_CHECK_INTERVAL_MS", d.checkIntervalMillis(), 1),
                s.longList("WEIR_RESUBMIT_STEPS_MS", d.resubmitStepsMillis(), 0),
                s.longValue("WEIR_RESUBMIT_RESET_MS", d.resubmitResetMillis(), 0),
                s.intValue("WEIR_MAX_RESUBMITS_PER_HOUR", d.maxResubmitsPerHour(), 1, 1_000_000),
                s.bool("WEIR_FAIL_JOB_ON_PERMANENT_FAILURE", d.failJobOnPermanentFailure()),
                s.intValue("WEIR_MAX_WORKERS_PER_JOB", d.maxWorkersPerJob(), 1, 1_000_000),
                s.intValue("WEIR_MAX_WORKERS_PER_REQUEST", d.maxWorkersPerRequest(), 1, 1_000_000));
        return new MasterConfig(
                s.string("WEIR_MASTER_BIND", s.string("WEIR_MASTER_HOST", "0.0.0.0")),
                s.intValue("WEIR_MASTER_PORT", DEFAULT_PORT, 0, 65535),
                Path.of(s.string("WEIR_DATA_DIR", "weir-data")),
                s.get("WEIR_STORE_URL"),
                s.get("WEIR_STORE_USER"),
                s.get("WEIR_STORE_PASSWORD"),
                supervisor,
                s.longValue("WEIR_DISCOVERY_COALESCE_MS", 50, 0),
                s.longValue("WEIR_DISCOVERY_HEARTBEAT_MS", 5_000, 1),
                s.intValue("WEIR_MAX_REQUEST_BYTES", 1024 * 1024, 1024, 64 * 1024 * 1024),
                resources(s),
                new HttpServerLimits(
                        s.longValue("WEIR_MASTER_HTTP_HEAD_TIMEOUT_MS", HttpServerLimits.DEFAULT_HEAD_TIMEOUT_MILLIS, 1),
                        s.longValue("WEIR_MASTER_HTTP_BODY_TIMEOUT_MS", HttpServerLimits.DEFAULT_BODY_TIMEOUT_MILLIS, 1),
                        s.intValue("WEIR_MASTER_HTTP_MAX_CONNECTIONS", HttpServerLimits.defaultMaxConnections(), 1, 1_000_000)),
                ArtifactPolicy.fromSettings(s),
                s.intValue("WEIR_MAX_CLUSTERS", DEFAULT_MAX_CLUSTERS, 1, 100_000_000),
                io.weir.master.security.SecurityConfig.fromSettings(s),
                io.weir.master.registry.RegistryConfig.fromSettings(s),
                s.longValue("WEIR_DIRECTOR_SUSPECT_MS", 5_000, 0));
    }

    private static io.weir.master.resource.ResourceClusterConfig resources(Settings s) {
        var d = io.weir.master.resource.ResourceClusterConfig.DEFAULTS;
        String mode = s.string("WEIR_SCHEDULER", "reservation");
        if (!mode.equals("reservation") && !mode.equals("direct")) {
            throw new ConfigException("WEIR_SCHEDULER: '" + mode + "' (expected: reservation or direct)");
        }
        var r = d.reservations();
        return new io.weir.master.resource.ResourceClusterConfig(
                s.longValue("WEIR_AGENT_HEARTBEAT_TIMEOUT_MS", d.heartbeatTimeoutMillis(), 1),
                d.tickMillis(), d.leaseMillis(), mode.equals("direct"),
                new io.weir.master.scheduler.reservation.ReservationRegistryConfig(
                        s.longValue("WEIR_RESERVATION_IN_FLIGHT_TIMEOUT_MS", r.inFlightTimeoutMillis(), 1),
                        r.noResourcesRetryMillis(),
                        s.longValue("WEIR_SCHEDULER_READY_TIMEOUT_MS", r.autoReadyMillis(), 1)),
                s.longValue("WEIR_PORT_QUARANTINE_MS", d.portQuarantineMillis(), 0),
                s.intValue("WEIR_MAX_RESOURCE_CLUSTERS", d.maxClusters(), 1, 100_000));
    }

    public MasterConfig withHost(String bind) {
        return new MasterConfig(bind, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withArtifacts(ArtifactPolicy policy) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, policy, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withMaxClusters(int max) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, max, security, registry, directorSuspectMillis);
    }

    public MasterConfig withMaxBodyBytes(int max) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, max, resources, http, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withPort(int p) {
        return new MasterConfig(host, p, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withDataDir(Path dir) {
        return new MasterConfig(host, port, dir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withStore(String url, String user, String password) {
        return new MasterConfig(host, port, dataDir, url, user, password, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withSupervisor(JobSupervisorConfig s) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, s, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withResources(io.weir.master.resource.ResourceClusterConfig r) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, r, http, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withHttp(HttpServerLimits h) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, h, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withDiscovery(long windowMillis, long heartbeatMillis) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, windowMillis,
                heartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, security, registry, directorSuspectMillis);
    }

    public MasterConfig withRegistry(io.weir.master.registry.RegistryConfig r) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, security, r, directorSuspectMillis);
    }

    public MasterConfig withSecurity(io.weir.master.security.SecurityConfig s) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, s, registry, directorSuspectMillis);
    }

    public MasterConfig withDirectorSuspectMillis(long millis) {
        return new MasterConfig(host, port, dataDir, storeUrl, storeUser, storePassword, supervisor, discoveryWindowMillis,
                discoveryHeartbeatMillis, maxBodyBytes, resources, http, artifacts, maxClusters, security, registry, millis);
    }
}
