package io.weir.cli;

import io.weir.core.security.SecretFiles;
import io.weir.transport.tls.TlsConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A master with the embedded store and agents, each a child process of this one, with logs in {@code DIR/logs}. Each
 * agent claims its own free block of worker ports (as {@code weir agent} without {@code --ports} does), so they never
 * overlap with each other or with other agents on this machine. Stops everything on {@link #close()}.
 */
final class LocalWeir implements AutoCloseable {

    private static final int MAX_AGENTS = 20;

    private final int port;
    private final Path dataDir;
    private final Path logs;
    private final Progress progress;
    private final List<ChildProcess> children = new ArrayList<>();
    private final Map<String, ChildProcess> agents = new LinkedHashMap<>();
    private final List<ChildProcess> hung = new ArrayList<>();
    private final MasterApi master;
    private int agentsStarted;
    private ChildProcess masterProcess;

    private final Path secrets;
    private volatile Map<String, String> secretEnv;
    private volatile boolean workersInAgents;

    private LocalWeir(int port, Path dataDir, Progress progress) throws IOException {
        this.port = port;
        this.dataDir = dataDir;
        this.logs = Files.createDirectories(dataDir.resolve("logs"));
        this.progress = progress;
        this.secrets = SecretFiles.dir(dataDir).toAbsolutePath();
        SecretFiles.readOrCreate(secrets, SecretFiles.CLUSTER_SECRET);
        SecretFiles.readOrCreate(secrets, SecretFiles.READ_TOKEN);
        this.master = new MasterApi(masterUrl(), SecretFiles.readOrCreate(secrets, SecretFiles.ADMIN_TOKEN));
        var env = new java.util.HashMap<String, String>();
        for (String v : List.of("WEIR_AUTH", "WEIR_CLUSTER_SECRET", "WEIR_TOKENS_FILE", "WEIR_ADMIN_TOKEN", "WEIR_READ_TOKEN")) {
            env.put(v, null);
        }
        env.put("WEIR_CLUSTER_SECRET_FILE", secrets.resolve(SecretFiles.CLUSTER_SECRET).toString());
        this.secretEnv = java.util.Collections.unmodifiableMap(env);
    }

    /** The file of the admin token the master accepts (generated in the data directory). */
    Path adminTokenFile() {
        return secrets.resolve(SecretFiles.ADMIN_TOKEN);
    }

    /** Checks the agent count and that the master's port is free; starts nothing yet. */
    static LocalWeir prepare(int port, Path dataDir, int maxAgents, Progress progress) throws IOException {
        if (maxAgents < 1 || maxAgents > MAX_AGENTS) {
            throw new IllegalArgumentException("--agents: " + maxAgents + " (expected: 1.." + MAX_AGENTS + ")");
        }
        requireFree(port, "--port");
        return new LocalWeir(port, dataDir, progress);
    }

    /** Starts the master and waits until it has recovered its state. */
    void startMaster() throws Exception {
        progress.step("Starting the master on port " + port + " (store in " + dataDir.toAbsolutePath() + ")");
        var process = ChildProcess.start("master", logs.resolve("master.log"), secretEnv, "master", "--bind", "127.0.0.1", "--port", String.valueOf(port),
                "--data-dir", dataDir.toString());
        synchronized (this) {
            children.add(process);
            masterProcess = process;
        }
        progress.waitFor(Duration.ofSeconds(60), () -> process.failIfExited() && master.ready(),
                "waiting for the master to recover its state");
    }

    /** Stops the master (SIGTERM, then SIGKILL after 15 s); agents keep running. {@link #startMaster()} starts it again. */
    void stopMaster() {
        ChildProcess process;
        synchronized (this) {
            process = masterProcess;
            masterProcess = null;
            children.remove(process);
        }
        if (process != null) {
            process.stop();
        }
    }

    String masterUrl() {
        return TlsConfig.fromProcess().scheme() + "://127.0.0.1:" + port;
    }

    MasterApi master() {
        return master;
    }

    Path logs() {
        return logs;
    }

    /**
     * Adds {@code env} to the environment of the processes started from now on (the master, agents, and so the workers
     * they start), e.g. {@code WEIR_REQUEST_PLANE} for service workers; a null value removes a variable.
     */
    void environment(Map<String, String> env) {
        var merged = new java.util.HashMap<>(secretEnv);
        merged.putAll(env);
        secretEnv = java.util.Collections.unmodifiableMap(merged);
    }

    /** The process of a running agent (its worker processes are its children). */
    synchronized ProcessHandle agentProcess(String agentId) {
        var process = agents.get(agentId);
        if (process == null) {
            throw new IllegalArgumentException("no agent " + agentId + " runs here");
        }
        return process.handle();
    }

    /** Agents started from now on run workers inside their own JVM ({@code --worker-mode in-agent}): faster, not isolated. */
    void workersInAgents() {
        workersInAgents = true;
    }

    /** Starts {@code n} more agents ({@code cpu} cores each, 0: this machine's) and waits until the master counts them all live. */
    List<String> addAgents(int n, int cpu) throws Exception {
        var ids = new ArrayList<String>();
        long since = System.currentTimeMillis();
        for (int k = 0; k < n; k++) {
            String id = "local-agent-" + ++agentsStarted;
            var args = new ArrayList<>(List.of("agent", "--master", masterUrl(), "--id", id, "--host", "127.0.0.1", "--bind", "127.0.0.1",
                    "--data-dir", logs.resolveSibling("agents").resolve(id).toString()));
            if (cpu > 0) {
                args.addAll(List.of("--cpu", String.valueOf(cpu)));
            }
            if (workersInAgents) {
                args.addAll(List.of("--worker-mode", "in-agent"));
            }
            var process = ChildProcess.start("agent " + id, logs.resolve(id + ".log"), secretEnv, args.toArray(String[]::new));
            synchronized (this) {
                children.add(process);
                agents.put(id, process);
            }
            ids.add(id);
        }
        // heard from since these started (agents started before heartbeat all the time): an earlier run's agents, restored
        // from the master's store, count as heard at the master's start until they are declared lost
        int expected = agents.size();
        progress.waitFor(Duration.ofSeconds(60), () -> agents.values().stream().allMatch(ChildProcess::failIfExited)
                && master.liveAgents(since) >= expected, () -> master.liveAgents(since) + "/" + expected + " agents registered");
        return ids;
    }

    /** SIGKILL of an agent: no shutdown hook, nothing said to the master. */
    void kill(String agentId) {
        take(agentId).kill();
    }

    /** SIGSTOP of an agent: it hangs with its connections open until {@link #close()} kills it. */
    void hang(String agentId) throws IOException, InterruptedException {
        var process = take(agentId);
        synchronized (this) {
            hung.add(process);
        }
        process.pause();
    }

    private synchronized ChildProcess take(String agentId) {
        var process = agents.remove(agentId);
        if (process == null) {
            throw new IllegalArgumentException("no agent " + agentId + " runs here");
        }
        return process;
    }

    /** Kills hung agents, then stops the other agents and the master (SIGTERM, then SIGKILL after 15 s each). */
    @Override
    public void close() {
        List<ChildProcess> stopped;
        List<ChildProcess> all;
        synchronized (this) {
            stopped = new ArrayList<>(hung);
            all = new ArrayList<>(children.reversed());
            all.removeAll(hung);
            hung.clear();
            children.clear();
        }
        master.close();
        stopped.forEach(ChildProcess::kill);
        all.forEach(ChildProcess::stop);
    }

    private static void requireFree(int port, String flag) {
        try (var s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new IllegalArgumentException("port " + port + " is in use: stop what uses it or pick another with " + flag);
        }
    }
}
