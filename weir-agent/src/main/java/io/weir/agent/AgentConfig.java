package io.weir.agent;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import io.weir.core.executor.PortRange;
import io.weir.core.model.DefinitionValidator;
import io.weir.core.model.InvalidDefinitionException;
import io.weir.core.security.ClusterSecret;
import io.weir.core.security.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.weir.transport.http.HttpServerLimits;
import java.net.InetAddress;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * An agent's configuration: immutable, validated when built. Every key, its variable (a system property of the same
 * name lower-cased with dots wins, see {@link Settings}) and its default:
 * <table>
 * <caption>Agent settings</caption>
 * <tr><th>field</th><th>variable</th><th>default</th></tr>
 * <tr><td>masterUrl</td><td>WEIR_AGENT_MASTER_URL</td><td>none: required, e.g. {@code http://master:8100}</td></tr>
 * <tr><td>id</td><td>WEIR_AGENT_ID</td><td>{@code <hostname>-<agent HTTP port>}, chosen once the port is bound, so
 *     unique among the agents of one host</td></tr>
 * <tr><td>cluster</td><td>WEIR_AGENT_CLUSTER</td><td>{@code default}</td></tr>
 * <tr><td>cpuCores</td><td>WEIR_AGENT_CPU</td><td>the processors this JVM sees</td></tr>
 * <tr><td>memoryMB</td><td>WEIR_AGENT_MEMORY_MB</td><td>the machine's physical memory (4096 when unknown)</td></tr>
 * <tr><td>ports</td><td>WEIR_AGENT_PORTS</td><td>none (null): at start the agent claims the first free block of
 *     {@value #PORT_BLOCK_SIZE} ports from {@value #FIRST_PORT} ({@code 7100-7199}, {@code 7200-7299}, ... up to
 *     {@value #PORT_BLOCKS} blocks), keeps the block's first port bound while it runs and offers the other 99 to workers,
 *     so agents on one host never overlap (see {@link PortClaim}); {@code FROM-TO} offers exactly that range, and the
 *     master refuses it when it overlaps another live agent's on the same host</td></tr>
 * <tr><td>attributes</td><td>WEIR_AGENT_ATTRIBUTES</td><td>none; {@code k=v,k2=v2}, matched by scheduling constraints</td></tr>
 * <tr><td>heartbeatIntervalMillis</td><td>WEIR_AGENT_HEARTBEAT_INTERVAL_MILLIS</td><td>1000</td></tr>
 * <tr><td>maxFailedHeartbeats</td><td>WEIR_AGENT_MAX_FAILED_HEARTBEATS</td><td>3 (consecutive failures before registering again)</td></tr>
 * <tr><td>requestTimeoutMillis</td><td>WEIR_AGENT_REQUEST_TIMEOUT_MILLIS</td><td>2000 (each call to the master)</td></tr>
 * <tr><td>port</td><td>WEIR_AGENT_PORT</td><td>0: any free port, for the agent's own HTTP server</td></tr>
 * <tr><td>host</td><td>WEIR_AGENT_HOST</td><td>this machine's address: what the master and peers dial</td></tr>
 * <tr><td>bindHost</td><td>WEIR_AGENT_BIND ({@code WEIR_AGENT_BIND_HOST} still read)</td><td>none (null): loopback when
 *     {@code host} is a loopback address, else {@code 0.0.0.0}; the address the agent's HTTP server and its workers'
 *     listeners bind (see {@link #bindAddress()})</td></tr>
 * <tr><td>artifacts</td><td>WEIR_ARTIFACT_*</td><td>see {@link ArtifactSettings}</td></tr>
 * <tr><td>maxRequestBytes</td><td>WEIR_AGENT_MAX_REQUEST_BYTES</td><td>1048576: a larger request body, on any route, gets
 *     413 before it is read</td></tr>
 * <tr><td>http.headTimeoutMillis</td><td>WEIR_AGENT_HTTP_HEAD_TIMEOUT_MILLIS</td><td>10000: a connection that has not
 *     sent a complete request head this long after opening (or after its previous response) is closed</td></tr>
 * <tr><td>http.bodyTimeoutMillis</td><td>WEIR_AGENT_HTTP_BODY_TIMEOUT_MILLIS</td><td>30000: a request whose body has
 *     not arrived in full this long after its head is closed</td></tr>
 * <tr><td>http.maxConnections</td><td>WEIR_AGENT_HTTP_MAX_CONNECTIONS</td><td>256: connections open at once (the master
 *     and Prometheus are its only clients)</td></tr>
 * <tr><td>secret</td><td>WEIR_CLUSTER_SECRET or WEIR_CLUSTER_SECRET_FILE</td><td>the file
 *     {@code weir-data/secrets/cluster-secret} when it exists (what a master in the same directory generated); without
 *     one the agent does not start, unless {@code WEIR_AUTH=off}. Null: no authentication (only {@link #of})</td></tr>
 * </table>
 * Change one field with the {@code with…} methods; each returns a validated copy.
 */
public record AgentConfig(
        String masterUrl,
        String id,
        String cluster,
        double cpuCores,
        int memoryMB,
        PortRange ports,
        Map<String, String> attributes,
        long heartbeatIntervalMillis,
        int maxFailedHeartbeats,
        long requestTimeoutMillis,
        int port,
        String host,
        String bindHost,
        HttpServerLimits http,
        ArtifactSettings artifacts,
        int maxRequestBytes,
        ClusterSecret secret) {

    public static final String DEFAULT_CLUSTER = "default";
    /** Where agents without {@code ports} start looking for a free block of worker ports. */
    public static final int FIRST_PORT = 7100;
    /** Ports per claimed block: the held first port and the workers' ports. */
    public static final int PORT_BLOCK_SIZE = 100;
    /** Blocks an agent without {@code ports} tries: {@code 7100} to {@code 17099}. */
    public static final int PORT_BLOCKS = 100;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;
    public static final HttpServerLimits DEFAULT_HTTP = HttpServerLimits.withMaxConnections(256);
    /** Where an agent looks for the cluster secret when none is configured: a master's in the same directory. */
    public static final Path DEFAULT_SECRET_FILE = Path.of("weir-data", "secrets", "cluster-secret");

    /**
     * Validates every field; {@code id} null means "derive it from the host name and port at start", {@code ports} null
     * "claim a free block at start".
     */
    public AgentConfig {
        masterUrl = masterUrl(masterUrl);
        if (id != null && (id.isBlank() || id.length() > 255 || !id.strip().equals(id))) {
            throw new ConfigException("id: '" + id + "' (expected: 1..255 characters without surrounding spaces)");
        }
        Objects.requireNonNull(cluster, "cluster");
        if (!DefinitionValidator.NAME.matcher(cluster).matches()) {
            throw new ConfigException("cluster: '" + cluster + "' (expected: letters, digits, '_', '.', '-', at most 100)");
        }
        if (!(cpuCores > 0) || Double.isInfinite(cpuCores)) {
            throw new ConfigException("cpuCores: " + cpuCores + " (expected: > 0)");
        }
        if (memoryMB < 1) {
            throw new ConfigException("memoryMB: " + memoryMB + " (expected: >= 1)");
        }
        attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
        if (heartbeatIntervalMillis < 1) {
            throw new ConfigException("heartbeatIntervalMillis: " + heartbeatIntervalMillis + " (expected: > 0)");
        }
        if (maxFailedHeartbeats < 1) {
            throw new ConfigException("maxFailedHeartbeats: " + maxFailedHeartbeats + " (expected: >= 1)");
        }
        if (requestTimeoutMillis < 1) {
            throw new ConfigException("requestTimeoutMillis: " + requestTimeoutMillis + " (expected: > 0)");
        }
        if (port < 0 || port > 65535) {
            throw new ConfigException("port: " + port + " (expected: 0..65535, 0 for any free port)");
        }
        if (host == null || host.isBlank()) {
            throw new ConfigException("host: '" + host + "' (expected: the name or address the master reaches this agent at)");
        }
        if (bindHost != null && bindHost.isBlank()) {
            throw new ConfigException("bindHost: '" + bindHost + "' (expected: an interface address, e.g. 0.0.0.0 or 127.0.0.1)");
        }
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(artifacts, "artifacts");
        if (maxRequestBytes < 1) {
            throw new ConfigException("maxRequestBytes: " + maxRequestBytes + " (expected: > 0)");
        }
    }

    /** Defaults for everything but the master's URL. */
    public static AgentConfig of(String masterUrl) {
        return new AgentConfig(masterUrl, null, DEFAULT_CLUSTER, Runtime.getRuntime().availableProcessors(), physicalMemoryMB(),
                null, Map.of(), 1000, 3, 2000, 0, localAddress(), null, DEFAULT_HTTP,
                ArtifactSettings.DEFAULTS, DEFAULT_MAX_REQUEST_BYTES, null);
    }

    /** From {@code WEIR_AGENT_*} settings; {@code masterUrl} may be null here when a flag supplies it later. */
    public static AgentConfig fromSettings(Settings s, String masterUrl) {
        String master = masterUrl != null ? masterUrl : s.get("WEIR_AGENT_MASTER_URL");
        if (master == null) {
            throw new ConfigException("masterUrl: missing (expected: --master http://HOST:8100 or WEIR_AGENT_MASTER_URL)");
        }
        var d = of(master);
        return new AgentConfig(master,
                s.string("WEIR_AGENT_ID", null),
                s.string("WEIR_AGENT_CLUSTER", d.cluster()),
                doubleValue(s, "WEIR_AGENT_CPU", d.cpuCores()),
                s.intValue("WEIR_AGENT_MEMORY_MB", d.memoryMB(), 1, Integer.MAX_VALUE),
                s.get("WEIR_AGENT_PORTS") == null ? d.ports() : ports(s.get("WEIR_AGENT_PORTS")),
                s.get("WEIR_AGENT_ATTRIBUTES") == null ? Map.of() : attributes(s.get("WEIR_AGENT_ATTRIBUTES")),
                s.longValue("WEIR_AGENT_HEARTBEAT_INTERVAL_MILLIS", d.heartbeatIntervalMillis(), 1),
                s.intValue("WEIR_AGENT_MAX_FAILED_HEARTBEATS", d.maxFailedHeartbeats(), 1, 1000),
                s.longValue("WEIR_AGENT_REQUEST_TIMEOUT_MILLIS", d.requestTimeoutMillis(), 1),
                s.intValue("WEIR_AGENT_PORT", d.port(), 0, 65535),
                s.string("WEIR_AGENT_HOST", d.host()),
                s.string("WEIR_AGENT_BIND", s.string("WEIR_AGENT_BIND_HOST", d.bindHost())),
                new HttpServerLimits(
                        s.longValue("WEIR_AGENT_HTTP_HEAD_TIMEOUT_MILLIS", d.http().headTimeoutMillis(), 1),
                        s.longValue("WEIR_AGENT_HTTP_BODY_TIMEOUT_MILLIS", d.http().bodyTimeoutMillis(), 1),
                        s.intValue("WEIR_AGENT_HTTP_MAX_CONNECTIONS", d.http().maxConnections(), 1, 1_000_000)),
                ArtifactSettings.fromSettings(s),
                s.intValue("WEIR_AGENT_MAX_REQUEST_BYTES", d.maxRequestBytes(), 1024, 64 * 1024 * 1024),
                secret(s));
    }

    /** The address the agent's and its workers' listeners bind: {@code bindHost}, else loopback when {@code host} is a loopback address, else all interfaces. */
    public String bindAddress() {
        if (bindHost != null) {
            return bindHost;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress() ? "127.0.0.1" : "0.0.0.0";
        } catch (java.io.IOException e) {
            return "0.0.0.0";
        }
    }

    public AgentConfig withMaxRequestBytes(int max) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, http, artifacts, max, secret);
    }

    public AgentConfig withArtifacts(ArtifactSettings newArtifacts) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, http, newArtifacts, maxRequestBytes, secret);
    }

    /** The cluster secret from {@code WEIR_CLUSTER_SECRET}, {@code WEIR_CLUSTER_SECRET_FILE} or the default file; null when {@code WEIR_AUTH=off}. */
    static ClusterSecret secret(Settings s) {
        if (s.string("WEIR_AUTH", "on").equalsIgnoreCase("off")) {
            return null;
        }
        try {
            if (s.get("WEIR_CLUSTER_SECRET") != null) {
                return ClusterSecret.of(s.get("WEIR_CLUSTER_SECRET"), "WEIR_CLUSTER_SECRET");
            }
            Path file = s.get("WEIR_CLUSTER_SECRET_FILE") != null ? Path.of(s.get("WEIR_CLUSTER_SECRET_FILE")) : DEFAULT_SECRET_FILE;
            if (s.get("WEIR_CLUSTER_SECRET_FILE") == null && !Files.exists(file)) {
                throw new ConfigException("no cluster secret: set WEIR_CLUSTER_SECRET_FILE to the master's "
                        + "<data dir>/secrets/cluster-secret (or WEIR_CLUSTER_SECRET to its content); WEIR_AUTH=off for development only");
            }
            return ClusterSecret.of(SecretFiles.read(file), "WEIR_CLUSTER_SECRET_FILE " + file);
        } catch (IOException e) {
            throw new ConfigException("WEIR_CLUSTER_SECRET_FILE: cannot read it (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The same settings with cluster secret {@code newSecret} (null: no authentication). */
    public AgentConfig withSecret(ClusterSecret newSecret) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, http, artifacts, maxRequestBytes, newSecret);
    }

    public AgentConfig withId(String newId) {
        return new AgentConfig(masterUrl, newId, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withCluster(String newCluster) {
        return new AgentConfig(masterUrl, id, newCluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withResources(double newCpuCores, int newMemoryMB) {
        return new AgentConfig(masterUrl, id, cluster, newCpuCores, newMemoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withPorts(PortRange newPorts) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, newPorts, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withAttributes(Map<String, String> newAttributes) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, newAttributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withHeartbeat(long newIntervalMillis, int newMaxFailed) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, newIntervalMillis,
                newMaxFailed, requestTimeoutMillis, port, host, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withRequestTimeoutMillis(long newTimeoutMillis) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, newTimeoutMillis, port, host, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withPort(int newPort) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, newPort, host, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withHost(String newHost) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, newHost, bindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withBindHost(String newBindHost) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, newBindHost, http, artifacts, maxRequestBytes, secret);
    }

    public AgentConfig withHttp(HttpServerLimits newHttp) {
        return new AgentConfig(masterUrl, id, cluster, cpuCores, memoryMB, ports, attributes, heartbeatIntervalMillis,
                maxFailedHeartbeats, requestTimeoutMillis, port, host, bindHost, newHttp, artifacts, maxRequestBytes, secret);
    }

    /** Parses {@code FROM-TO}, failing with a {@link ConfigException} that names the expected form. */
    public static PortRange ports(String text) {
        try {
            return PortRange.parse(text);
        } catch (InvalidDefinitionException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Parses {@code k=v,k2=v2}. */
    public static Map<String, String> attributes(String text) {
        var out = new LinkedHashMap<String, String>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("attributes: '" + pair.trim() + "' (expected: k=v, e.g. zone=a)");
            }
            out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
        return out;
    }

    private static String masterUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new ConfigException("masterUrl: missing (expected: e.g. http://localhost:8100)");
        }
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        try {
            var uri = URI.create(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException("masterUrl: '" + url + "' (expected: http://HOST:PORT, e.g. http://localhost:8100)");
    }

    private static double doubleValue(Settings s, String variable, double fallback) {
        String v = s.get(variable);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(variable + ": '" + v + "' (expected: a number of cores > 0, e.g. 4 or 0.5)");
        }
    }

    private static int physicalMemoryMB() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long mb = os.getTotalMemorySize() / (1024 * 1024);
            if (mb > 0) {
                return (int) Math.min(Integer.MAX_VALUE, mb);
            }
        }
        return 4096;
    }

    /** This machine's address as other machines see it; loopback when it cannot be found. */
    static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (java.io.IOException e) {
            return "127.0.0.1";
        }
    }

    /** This machine's name, for the default agent id. */
    static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (java.io.IOException e) {
            return "agent";
        }
    }
}
