package io.weir.cli;

import io.weir.transport.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    static final String TOP_WORDS_CLUSTER = "topwords";

    @Option(names = "--agents", description = "Agents to start (default: ${DEFAULT-VALUE})", defaultValue = "3")
    int agents;

    @Option(names = "--port", description = "The master's HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8100")
    int port;

    @Option(names = "--data-dir", description = "Where the store and logs go (default: ${DEFAULT-VALUE})", defaultValue = "weir-data")
    Path dataDir;

    @Option(names = "--tail", description = "Records of the job's output to print (default: ${DEFAULT-VALUE})", defaultValue = "5")
    int tail;

    @Option(names = "--fast", description = "Run workers inside the agents' JVMs: they start faster, but one worker's crash "
            + "or OutOfMemoryError takes down its agent's other workers (default: each worker in a process of its own)")
    boolean fast;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--top-words", description = "Also run TopWords, a job that reads the word count's output by its cluster"
            + " name and keeps the top five words (see docs/jobs.md)")
    boolean topWords;

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        var progress = new Progress(System.out);
        long start = System.nanoTime();
        var weir = LocalWeir.prepare(port, dataDir, agents, progress);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nStopping the master and " + agents + " agents...");
            weir.close();
            stopped.countDown();
        }, "weir-up-shutdown"));
        if (fast) {
            weir.workersInAgents();
        }
        weir.startMaster();
        String earlier = weir.master().earlierRun();
        if (earlier != null) {
            progress.note("found an earlier run in " + dataDir + ": " + earlier);
        }
        progress.step("Starting " + agents + " agents");
        long agentsFrom = System.currentTimeMillis();
        var ids = weir.addAgents(agents, 0);
        var forgotten = weir.master().forgetGoneAgents(ids, agentsFrom);
        if (!forgotten.isEmpty()) {
            progress.note("forgot " + forgotten.size() + " agent" + (forgotten.size() == 1 ? "" : "s") + " of an earlier run: "
                    + String.join(", ", forgotten));
        }

        var master = weir.master();
        String masterUrl = weir.masterUrl();
        String jobId = master.ensureWordCount(CLUSTER);
        progress.step("Running job " + jobId);
        progress.waitFor(Duration.ofSeconds(90), () -> master.allStarted(jobId), () -> master.startedWorkers(jobId) + " workers started");
        var sink = master.sink(jobId);
        double seconds = (System.nanoTime() - start) / 1e9;

        System.out.printf("%nWeir is up (%.1f s).%n", seconds);
        var token = weir.adminTokenFile().toAbsolutePath();
        System.out.println("  master       " + masterUrl + "   (API: " + masterUrl + "/api/v1/jobs, metrics: " + masterUrl + "/metrics)");
        boolean found = token.equals(TokenSource.DEFAULT_FILE.toAbsolutePath());
        System.out.println("  admin token  " + token + (found ? "   (the weir command in this directory finds it; elsewhere:" : "   (for the weir command:"));
        System.out.println("               export WEIR_TOKEN=$(cat " + token + "); curl -H \"Authorization: Bearer $WEIR_TOKEN\" ...)");
        System.out.println("  job          " + jobId + "   (" + masterUrl + "/api/v1/jobs/" + jobId + ")");
        System.out.println("  discovery    curl -sN -H \"Authorization: Bearer $WEIR_TOKEN\" '" + masterUrl + "/assignmentresults/" + jobId
                + "?sendHB=true'");
        String sinkToken = master.client().jobs().sinkToken(jobId).map(t -> "&token=" + t).orElse("");
        System.out.println("  output       curl -sN '" + TlsConfig.fromProcess().scheme() + "://" + sink + "/?clientId=me" + sinkToken + "'");
        System.out.println("  logs         " + weir.logs().toAbsolutePath());
        if (topWords) {
            String topId = master.ensureTopWords(TOP_WORDS_CLUSTER, CLUSTER);
            System.out.println("  top words    " + topId + "   (reads " + CLUSTER + " by name: bin/weir tail " + TOP_WORDS_CLUSTER + ")");
        }
        System.out.println("\nFirst records of " + jobId + ":");
        for (String record : master.tail(jobId, tail)) {
            System.out.println("  " + record);
        }
        System.out.println("\nPress Ctrl-C to stop everything.");
        stopped.await();
        return ExitCodes.OK;
    }
}
