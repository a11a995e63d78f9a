package io.weir.cli;

import io.weir.agent.Agent;
import io.weir.agent.AgentConfig;
import io.weir.agent.process.WorkersConfig;
import io.weir.core.config.Settings;
import java.nio.file.Path;
import io.weir.transport.tls.TlsConfig;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code weir agent}: runs a task executor in the foreground until interrupted (SIGTERM stops it cleanly). */
@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run an agent (task executor): registers with a master and runs the workers it assigns. "
                + "Every option also reads a WEIR_AGENT_* variable (e.g. WEIR_AGENT_PORTS).")
final class AgentCommand implements Callable<Integer> {

    @Option(names = "--master", required = true, paramLabel = "URL", description = "The master's URL, e.g. http://localhost:8100")
    String master;

    @Option(names = "--id", description = "This agent's id (default: WEIR_AGENT_ID or <hostname>-<agent port>)")
    String id;

    @Option(names = "--cluster", description = "Resource cluster to join (default: WEIR_AGENT_CLUSTER or default)")
    String cluster;

    @Option(names = "--cpu", paramLabel = "N", description = "Cores offered to workers (default: WEIR_AGENT_CPU or the processors available)")
    Double cpu;

    @Option(names = "--memory-mb", paramLabel = "N", description = "Memory offered to workers in MB (default: WEIR_AGENT_MEMORY_MB or the machine's)")
    Integer memoryMB;

    @Option(names = "--ports", paramLabel = "FROM-TO",
            description = "Ports offered to workers (default: WEIR_AGENT_PORTS, else the first free block of 100 from 7100 on: "
                    + "7101-7199, 7201-7299, ...; agents on one host never share a port)")
    String ports;

    @Option(names = "--attribute", paramLabel = "k=v", description = "An attribute for scheduling constraints; repeatable")
    Map<String, String> attributes;

    @Option(names = "--port", description = "Port of the agent's HTTP server (default: WEIR_AGENT_PORT or 0, any free port)")
    Integer port;

    @Option(names = "--host", description = "Host name or address the master and peers reach this agent at (default: WEIR_AGENT_HOST or this machine's address)")
    String host;

    @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address the agent's and its workers' listeners bind (default: WEIR_AGENT_BIND;"
            + " else 127.0.0.1 when --host is a loopback address, 0.0.0.0 otherwise)")
    String bind;

    @Option(names = "--worker-mode", paramLabel = "process|in-agent",
            description = "Run each worker in a JVM of its own (process, the default) or inside the agent (in-agent); default: WEIR_WORKER_MODE")
    String workerMode;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where worker processes' logs are kept (default: WEIR_AGENT_DATA_DIR, else a temporary directory deleted when the agent stops)")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        var settings = Settings.fromProcess();
        var workers = WorkersConfig.fromSettings(settings);
        if (workerMode != null) {
            workers = workers.withMode(WorkersConfig.Mode.parse(workerMode));
        }
        if (dataDir != null) {
            workers = workers.withDataDir(dataDir);
        }
        var config = AgentConfig.fromSettings(settings, master);
        if (id != null) {
            config = config.withId(id);
        }
        if (cluster != null) {
            config = config.withCluster(cluster);
        }
        if (cpu != null || memoryMB != null) {
            config = config.withResources(cpu != null ? cpu : config.cpuCores(), memoryMB != null ? memoryMB : config.memoryMB());
        }
        if (ports != null) {
            config = config.withPorts(AgentConfig.ports(ports));
        }
        if (attributes != null) {
            var all = new java.util.LinkedHashMap<>(config.attributes());
            all.putAll(attributes);
            config = config.withAttributes(all);
        }
        if (port != null) {
            config = config.withPort(port);
        }
        if (host != null) {
            config = config.withHost(host);
        }
        if (bind != null) {
            config = config.withBindHost(bind);
        }
        Agent agent;
        try {
            agent = Agent.start(config, java.time.Clock.systemUTC(), workers, TlsConfig.fromProcess());
        } catch (RuntimeException e) {
            if (PortInUse.is(e)) {
                throw new IllegalArgumentException("port " + config.port() + " is in use: pick another with --port (0 picks a free one)");
            }
            throw e;
        }
        var stopped = new CompletableFuture<Void>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            stopped.complete(null);
        }, "weir-agent-shutdown"));
        try {
            agent.registration().toCompletableFuture().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IllegalStateException) {
                stopped.join();
                return ExitCodes.OK;
            }
            agent.close();
            throw new IllegalArgumentException(ExitCodes.message(e.getCause()), e.getCause());
        }
        System.out.println("Weir agent " + agent.id() + " on " + agent.url() + " registered with " + config.masterUrl()
                + " (cluster " + config.cluster() + ", worker ports " + agent.ports() + ")");
        var refused = agent.refusal().toCompletableFuture();
        CompletableFuture.anyOf(stopped, refused).join();
        if (refused.isDone() && !stopped.isDone()) {
            agent.close();
            throw new IllegalArgumentException(refused.join());
        }
        return ExitCodes.OK;
    }
}
