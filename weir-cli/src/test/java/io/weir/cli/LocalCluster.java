package io.weir.cli;

import static org.awaitility.Awaitility.await;

import io.weir.master.testing.TestHttp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A master and agents as real processes on this machine, for end-to-end tests; closed in reverse order. */
public final class LocalCluster implements AutoCloseable {

    private static final Pattern AGENT_READY = Pattern.compile("Weir agent \\S+ on \\S+ registered");

    private final MasterProcess master;
    private final TestHttp http;
    private final Map<String, WeirProcess> agents = new LinkedHashMap<>();
    private final List<AutoCloseable> processes = new ArrayList<>();

    private LocalCluster(MasterProcess master) {
        this.master = master;
        this.http = new TestHttp(master.url());
        processes.add(master);
    }

    /** A ready master in {@code dataDir} and {@code agents} registered agents (2 cores each, each claiming its own worker ports). */
    static LocalCluster start(Path dataDir, int agents) throws Exception {
        return start(dataDir, agents, Map.of(), "--cpu", "2", "--memory-mb", "2048");
    }

    /**
     * A ready master in {@code dataDir} with {@code masterEnv} (WEIR_* settings), and {@code agents} registered agents
     * started with {@code agentOptions} (e.g. {@code --cpu 8 --worker-mode in-agent}).
     */
    public static LocalCluster start(Path dataDir, int agents, Map<String, String> masterEnv, String... agentOptions) throws Exception {
        var cluster = new LocalCluster(MasterProcess.start(dataDir, masterEnv));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> cluster.http.get("/readyz").status() == 200);
            for (int i = 0; i < agents; i++) {
                String id = "agent-" + i;
                var args = new ArrayList<>(List.of("agent", "--master", cluster.master.url(), "--id", id, "--host", "127.0.0.1"));
                args.addAll(List.of(agentOptions));
                var p = WeirProcess.start(AGENT_READY, args.toArray(String[]::new));
                cluster.agents.put(id, p);
                cluster.processes.add(p);
            }
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    cluster.http.get("/api/v1/resourceClusters/default/taskExecutors").body().get("list").size() == agents);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    /** The master's and agents' processes, including any killed since. */
    java.util.List<ProcessHandle> processHandles() {
        var pids = new ArrayList<Long>();
        pids.add(master.pid());
        agents.values().forEach(a -> pids.add(a.pid()));
        return pids.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList();
    }

    public String masterUrl() {
        return master.url();
    }

    public TestHttp http() {
        return http;
    }

    WeirProcess agent(String id) {
        return agents.get(id);
    }

    /** The process id of agent {@code id} ({@code agent-0}, {@code agent-1}, ...). */
    public long agentPid(String id) {
        return agents.get(id).pid();
    }

    @Override
    public void close() throws Exception {
        for (var p : processes.reversed()) {
            p.close();
        }
    }
}
