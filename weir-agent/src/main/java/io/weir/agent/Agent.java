package io.weir.agent;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.weir.transport.metrics.ProcessMeters;
import io.weir.agent.process.ProcessLauncher;
import io.weir.agent.process.WorkerLauncher;
import io.weir.agent.process.WorkerLogs;
import io.weir.agent.process.WorkerStartException;
import io.weir.agent.process.WorkersConfig;
import io.weir.core.config.Settings;
import io.weir.core.executor.PortRange;
import io.weir.core.executor.TaskExecutorRegistration;
import io.weir.core.json.Json;
import io.weir.core.model.MachineDefinition;
import io.weir.core.model.WorkerState;
import io.weir.transport.tls.TlsConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task executor: serves its HTTP API, registers with the master and heartbeats, and runs the workers the master
 * assigns it. Everything it uses is its own (no static state), so several agents can run in one JVM.
 *
 * <p>Threads: the master session ({@code weir-agent-<id>}: registration and heartbeats), the status reporter
 * ({@code weir-agent-reports-<id>}, virtual), reactor-netty event loops for the HTTP server (never blocked), and one
 * virtual thread per worker start or stop. {@link #start} and {@link #close} may be called from any thread.
 */
public final class Agent implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Agent.class);
    private static final long STOP_WORKERS_MILLIS = 10_000;
    private static final long FLUSH_REPORTS_MILLIS = 5_000;

    private final AgentConfig config;
    private final PortClaim portClaim;
    private final PortRange ports;
    private final String id;
    private final String url;
    private final PrometheusMeterRegistry metrics;
    private final ProcessMeters processMeters;
    private final ExecutorService workerThreads;
    private final ArtifactDownloads downloads;
    private final AgentHttpServer server;
    private final MasterClient master;
    private final StatusReporter reporter;
    private final LocalWorkers workers;
    private final WorkersConfig workersConfig;
    private final WorkerLogs workerLogs;
    private final boolean temporaryDataDir;
    private final MasterSession session;
    private final String instanceId = java.util.UUID.randomUUID().toString();
    private final java.util.concurrent.CompletableFuture<String> refusal = new java.util.concurrent.CompletableFuture<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private Agent(AgentConfig config, Clock clock, WorkersConfig workersConfig, TlsConfig tls) {
        this.config = config;
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.processMeters = ProcessMeters.bindTo(metrics);
        var json = Json.lenient();
        var holder = new LocalWorkers[1];
        var sessionHolder = new MasterSession[1];
        this.portClaim = config.ports() == null
                ? PortClaim.claim(config.bindAddress(), AgentConfig.FIRST_PORT, AgentConfig.PORT_BLOCK_SIZE, AgentConfig.PORT_BLOCKS) : null;
        this.ports = portClaim == null ? config.ports() : portClaim.workerPorts();
        try {
            this.server = new AgentHttpServer(config.bindAddress(), config.port(), config.http(), config.maxRequestBytes(), Json.lenientRequests(),
                    () -> holder[0], this::workerLogs, this::health, metrics, config.secret(), tls);
        } catch (RuntimeException e) {
            if (portClaim != null) {
                portClaim.close();
            }
            throw e;
        }
        this.id = config.id() != null ? config.id() : AgentConfig.hostName() + "-" + server.port();
        this.url = tls.scheme() + "://" + hostForUrl(config.host()) + ":" + server.port();
        this.workerThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("weir-worker-" + id + "-", 0).factory());
        this.master = new MasterClient(config.masterUrl(), config.cluster(), id, json, Duration.ofMillis(config.requestTimeoutMillis()),
                config.secret(), tls);
        this.downloads = new ArtifactDownloads(config.artifacts(), master::fetchArtifact);
        this.reporter = new StatusReporter(id, instanceId, master, ref -> {
            if (holder[0].stop(ref, WorkerState.Completed, "stopped: the master no longer knows it")) {
                log.info("Stopping worker {}/{}: the master does not know it", ref.jobId(), ref.workerNumber());
            }
        }, why -> sessionHolder[0].refused(why));
        var loader = new WorkerLoader(Agent.class.getClassLoader(), config.artifacts().policy(), downloads);
        WorkerLauncher launcher;
        if (workersConfig.mode() == WorkersConfig.Mode.PROCESS) {
            this.temporaryDataDir = workersConfig.dataDir() == null;
            var dataDir = temporaryDataDir ? temporaryDirectory(id) : workersConfig.dataDir();
            this.workersConfig = workersConfig.withDataDir(dataDir);
            this.workerLogs = new WorkerLogs(dataDir.resolve("workers"), workersConfig.maxLogBytes(), workersConfig.keptLogs());
            launcher = new ProcessLauncher(this.workersConfig, workerLogs, a -> localArtifact(loader, a), config.host(),
                    config.bindAddress(), config.masterUrl(), metrics);
        } else {
            this.workersConfig = workersConfig;
            this.workerLogs = null;
            this.temporaryDataDir = false;
            launcher = new InAgentLauncher(loader, config.host(), config.bindAddress(), config.masterUrl());
        }
        this.workers = new LocalWorkers(config.host(), launcher, reporter::report, workerThreads, clock, metrics);
        holder[0] = workers;
        var machine = new MachineDefinition(config.cpuCores(), config.memoryMB(), null, null, ports.size());
        var registration = new TaskExecutorRegistration(id, config.host(), machine, ports, config.attributes(), url,
                url + "/metrics", instanceId);
        this.session = new MasterSession(config, registration, master, workers, metrics, this::refused);
        sessionHolder[0] = session;
    }

    /**
     * Binds the agent's HTTP server, then registers with the master in the background (see {@link #registration()});
     * workers run as {@code WEIR_WORKER_*} settings say (by default each in a process of its own).
     */
    public static Agent start(AgentConfig config) {
        return start(config, WorkersConfig.fromSettings(Settings.fromProcess()));
    }

    /** As {@link #start(AgentConfig)}, running workers as {@code workers} says. */
    public static Agent start(AgentConfig config, WorkersConfig workers) {
        return start(config, Clock.systemUTC(), workers);
    }

    /** As {@link #start(AgentConfig)}, with the clock that stamps assignments. */
    public static Agent start(AgentConfig config, Clock clock) {
        return start(config, clock, WorkersConfig.fromSettings(Settings.fromProcess()));
    }

    /** As {@link #start(AgentConfig, WorkersConfig)}, with the clock that stamps assignments. */
    public static Agent start(AgentConfig config, Clock clock, WorkersConfig workers) {
        return start(config, clock, workers, TlsConfig.disabled());
    }

    /** As {@link #start(AgentConfig, Clock, WorkersConfig)}, with TLS on the agent's HTTP port and toward the master as {@code tls} says. */
    public static Agent start(AgentConfig config, Clock clock, WorkersConfig workers, TlsConfig tls) {
        var agent = new Agent(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"),
                Objects.requireNonNull(workers, "workers"), Objects.requireNonNull(tls, "tls"));
        agent.reporter.start();
        agent.session.start();
        log.info("Agent {} serving on {} (cluster {}, ports {}, {} cores, {} MB, workers {}{}); master {}", agent.id, agent.url,
                config.cluster(), agent.ports, config.cpuCores(), config.memoryMB(), agent.workersConfig.mode().label(),
                agent.workerLogs == null ? "" : ", logs in " + agent.workerLogs.dir(), config.masterUrl());
        return agent;
    }

    private static java.nio.file.Path temporaryDirectory(String id) {
        try {
            return java.nio.file.Files.createTempDirectory("weir-agent-" + id.replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create a data directory for worker logs (set WEIR_AGENT_DATA_DIR): "
                    + e.getMessage(), e);
        }
    }

    private static java.nio.file.Path localArtifact(WorkerLoader loader, io.weir.core.executor.WorkerAssignment a)
            throws WorkerStartException {
        try {
            return loader.artifactJar(a);
        } catch (WorkerLoadException e) {
            throw new WorkerStartException(e.getMessage(), e.kind());
        }
    }

    /** How this agent runs its workers (its data directory filled in when it runs them as processes). */
    public WorkersConfig workersConfig() {
        return workersConfig;
    }

    /** The logs of worker processes; null in {@code in-agent} mode (workers log into the agent's own log). */
    public WorkerLogs workerLogs() {
        return workerLogs;
    }

    /** This agent's id, as registered. */
    public String id() {
        return id;
    }

    /** The base URL the master reaches this agent at, e.g. {@code http://10.0.0.5:41233}. */
    public String url() {
        return url;
    }

    /** The port of the agent's HTTP server. */
    public int port() {
        return server.port();
    }

    /** The ports this agent offers its workers: {@code config().ports()}, or the block it claimed when that is null. */
    public PortRange ports() {
        return ports;
    }

    public AgentConfig config() {
        return config;
    }

    /** Whether the master currently counts this agent as registered. */
    public boolean isRegistered() {
        return session.registered();
    }

    /**
     * Completes when the master first accepts this agent; completes exceptionally when the master refuses the
     * registration as invalid (400, registration retries in the background), for good ({@link AgentRefusedException},
     * see {@link #refusal()}), or the agent closes first.
     */
    public CompletionStage<Void> registration() {
        return session.firstRegistration().copy();
    }

    /**
     * Completes with the master's sentence when it refuses this agent for good (409: its id or ports belong to another
     * live agent, or another instance took its id over); the agent then stops its workers and closes itself.
     */
    public CompletionStage<String> refusal() {
        return refusal.copy();
    }

    /** The random id of this agent instance, sent with every call to the master. */
    public String instanceId() {
        return instanceId;
    }

    private void refused(String why) {
        if (!refusal.complete(why)) {
            return;
        }
        log.error("The master refuses agent {}: {}. Stopping it.", id, why);
        Thread.ofVirtual().name("weir-agent-refused-" + id).start(this::close);
    }

    /** The workers running (or starting) now. */
    public List<WorkerView> workers() {
        return workers.views();
    }

    public PrometheusMeterRegistry metrics() {
        return metrics;
    }

    private Map<String, Object> health() {
        var body = new LinkedHashMap<String, Object>();
        body.put("status", closed.get() ? "stopping" : "ok");
        body.put("id", id);
        body.put("registered", session != null && session.registered());
        body.put("workers", workers == null ? 0 : workers.views().size());
        return body;
    }

    /**
     * Leaves cleanly: stops heartbeating, stops every worker and reports them Failed (so the master replaces them at
     * once), delivers those reports, disconnects from the master, then stops the HTTP server. Idempotent; blocks for at
     * most about 20 s.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.info("Agent {} shutting down: stopping {} worker(s)", id, workers.views().size());
        session.close();
        workers.stopAll("agent " + id + " shut down", STOP_WORKERS_MILLIS);
        reporter.close(FLUSH_REPORTS_MILLIS);
        session.disconnect();
        server.close();
        master.close();
        workerThreads.shutdownNow();
        if (portClaim != null) {
            portClaim.close();
        }
        downloads.close();
        if (temporaryDataDir) {
            workerLogs.delete();
        }
        processMeters.close();
        metrics.close();
        log.info("Agent {} stopped", id);
    }

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
