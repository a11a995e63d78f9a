package io.weir.cli;

import io.weir.agent.Agent;
import io.weir.agent.AgentConfig;
import io.weir.core.config.Settings;
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

    @Override
    public Integer call() throws Exception {
        var config = AgentConfig.fromSettings(Settings.fromProcess(), master);
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
        Agent agent;
        try {
            agent = Agent.start(config, java.time.Clock.systemUTC(), TlsConfig.fromProcess());
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
