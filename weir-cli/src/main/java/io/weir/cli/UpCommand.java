package io.weir.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weir up}: a whole Weir on this machine — a master with the embedded store and agents as separate processes —
 * running the example word count, with its output tailed. Ctrl-C stops everything; running it again in the same data
 * directory picks up where the last run stopped.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start a master and agents on this machine, run the example word count and tail its output.")
final class UpCommand implements Callable<Integer> {

    static final String CLUSTER = "wordcount";

    @Option(names = "--agents", description = "Agents to start (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int agents;

    @Option(names = "--port", description = "The master's HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8100")
    int port;

    @Option(names = "--data-dir", description = "Where the store and logs go (default: ${DEFAULT-VALUE})", defaultValue = "weir-data")
    Path dataDir;

    @Option(names = "--tail", description = "Records of the job's output to print (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int tail;

    @Override
    public Integer call() throws Exception {
        if (agents < 1 || agents > 20) {
            throw new IllegalArgumentException("--agents: " + agents + " (expected: 1..20)");
        }
        int firstWorkerPort = port + 100;
        requireFree(port, "--port");
        for (int i = 0; i < agents; i++) {
            requireFree(firstWorkerPort + i * 50, "--port (agents use " + firstWorkerPort + ".." + (firstWorkerPort + agents * 50 - 1) + ")");
        }
        Path logs = Files.createDirectories(dataDir.resolve("logs"));
        var children = new ArrayList<ChildProcess>();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping " + children.size() + " processes...");
            for (var c : children.reversed()) {
                c.stop();
            }
            stopped.countDown();
        }, "weir-up-shutdown"));

        String masterUrl = "http://localhost:" + port;
        var progress = new Progress(System.out);
        long start = System.nanoTime();
        progress.step("Starting the master on port " + port + " (store in " + dataDir.toAbsolutePath() + ")");
        children.add(ChildProcess.start("master", logs.resolve("master.log"), "master", "--port", String.valueOf(port),
                "--data-dir", dataDir.toString()));
        var master = new MasterApi(masterUrl);
        progress.waitFor(Duration.ofSeconds(60), () -> children.get(0).failIfExited() && master.ready(), "waiting for the master to recover its state");

        for (int i = 1; i <= agents; i++) {
            int from = firstWorkerPort + (i - 1) * 50;
            children.add(ChildProcess.start("agent-" + i, logs.resolve("agent-" + i + ".log"), "agent", "--master", masterUrl,
                    "--id", "up-agent-" + i, "--ports", from + "-" + (from + 49), "--host", "127.0.0.1"));
        }
        progress.step("Starting " + agents + " agents");
        progress.waitFor(Duration.ofSeconds(60), () -> children.stream().allMatch(ChildProcess::failIfExited)
                && master.liveAgents() >= agents, () -> master.liveAgents() + "/" + agents + " agents registered");

        String jobId = master.ensureWordCount(CLUSTER);
        progress.step("Running job " + jobId);
        progress.waitFor(Duration.ofSeconds(90), () -> master.allStarted(jobId), () -> master.startedWorkers(jobId) + " workers started");
        var sink = master.sink(jobId);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("%nWeir is up (%.1f s).%n", seconds);
        System.out.println("  master       " + masterUrl + "   (API: " + masterUrl + "/api/v1/jobs, metrics: " + masterUrl + "/metrics)");
        System.out.println("  job          " + jobId + "   (" + masterUrl + "/api/v1/jobs/" + jobId + ")");
        System.out.println("  discovery    curl -sN '" + masterUrl + "/assignmentresults/" + jobId + "?sendHB=true'");
        System.out.println("  output       curl -sN 'http://" + sink + "/?clientId=me'");
        System.out.println("  logs         " + logs.toAbsolutePath());
        System.out.println("\nFirst records of " + jobId + ":");
        for (String record : master.tail(sink, tail)) {
            System.out.println("  " + record);
        }
        System.out.println("\nPress Ctrl-C to stop everything.");
        stopped.await();
        return ExitCodes.OK;
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
