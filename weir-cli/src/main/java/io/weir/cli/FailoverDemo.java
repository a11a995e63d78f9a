package io.weir.cli;

import io.weir.client.WeirClient;
import io.weir.client.sink.SessionEvent;
import io.weir.client.sink.SessionMode;
import io.weir.client.sink.SinkSession;
import io.weir.client.sink.SinkTarget;
import io.weir.client.sink.SinkWorker;
import io.weir.core.model.JobDetails;
import io.weir.core.model.WorkerState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code weir demo failover}: a job whose sink has two workers, a client session served by one of them, and a
 * {@code kill -9} (or, with {@code --hang}, a {@code kill -STOP}) of that worker's agent at a random moment, repeated. Prints when the session noticed, when it was
 * served again, and when the master had a replacement running; exits 0 only if the session carried on every time.
 */
@Command(name = "failover", mixinStandardHelpOptions = true,
        description = "Kill the agent of the sink worker serving a client session and watch the session carry on.")
final class FailoverDemo implements Callable<Integer> {

    static final String CLUSTER = "failover-demo";

    private static final String JOB = """
            {"name":"%s","jobClass":"io.weir.examples.SyntheticSourceJob","parameters":{"eventsPerSecond":"200"},
             "stages":{"1":{"numWorkers":2,"machine":{"cpuCores":1,"memoryMB":128}}},"labels":{"createdBy":"weir demo failover"}}""";

    @Mixin
    VerboseOption verbose;

    @Option(names = "--kills", description = "How many times to kill the serving worker's agent (default: ${DEFAULT-VALUE})", defaultValue = "2")
    int kills;

    @Option(names = "--port", description = "The master's HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8300")
    int port;

    @Option(names = "--data-dir", description = "Where the store and logs go (default: a new temporary directory)")
    Path dataDir;

    @Option(names = "--min-wait-ms", description = "Shortest wait before a kill (default: ${DEFAULT-VALUE})", defaultValue = "5000")
    long minWaitMillis;

    @Option(names = "--max-wait-ms", description = "Longest wait before a kill (default: ${DEFAULT-VALUE})", defaultValue = "15000")
    long maxWaitMillis;

    @Option(names = "--hang", description = "Freeze the agent (SIGSTOP) instead of killing it: the session must notice by missed heartbeats")
    boolean hang;

    @Option(names = "--seed", description = "Seed of the random kill moments (default: random)")
    Long seed;

    /** What one kill did to the session. */
    private record Outcome(int kill, SinkWorker before, SinkWorker after, long detectedMillis, long reconnectedMillis,
                           long firstRecordMillis, long rescheduledMillis, long recordsBefore, long recordsAfter) {
    }

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        if (kills < 1 || kills > 15) {
            throw new IllegalArgumentException("--kills: " + kills + " (expected: 1..15)");
        }
        if (minWaitMillis < 0 || maxWaitMillis < minWaitMillis) {
            throw new IllegalArgumentException("--min-wait-ms/--max-wait-ms: " + minWaitMillis + "/" + maxWaitMillis
                    + " (expected: 0 <= min <= max)");
        }
        var random = seed == null ? new Random() : new Random(seed);
        var directory = DemoDirectory.of(dataDir, "weir-demo-");
        Path dir = directory.path();
        var progress = new Progress(System.out);
        var weir = LocalWeir.prepare(port, dir, kills + 3, progress);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            weir.close();
            directory.deleteIfTemporary();
        }, "weir-demo-shutdown"));
        weir.startMaster();
        progress.step("Starting 3 agents of one core each: one per sink worker, and a spare");
        weir.addAgents(3, 1);

        var master = weir.master();
        master.createCluster(JOB.formatted(CLUSTER));
        String jobId = master.submit(CLUSTER);
        progress.step("Running job " + jobId + " (SyntheticSourceJob, a sink of 2 workers)");
        progress.waitFor(Duration.ofSeconds(60), () -> master.allStarted(jobId), () -> master.startedWorkers(jobId) + " workers started");

        var client = master.client();
        try (var session = client.sinkSession(SinkTarget.job(jobId)).mode(SessionMode.ONE).build()) {
            var events = new CopyOnWriteArrayList<SessionEvent>();
            var records = new AtomicLong();
            var firstRecordOf = new ConcurrentHashMap<String, Long>();
            session.events().subscribe(e -> {
                events.add(e);
                System.out.println("    | " + e);
            });
            session.records().subscribe(r -> {
                firstRecordOf.putIfAbsent(r.connectionId(), System.nanoTime());
                records.incrementAndGet();
            });
            String sessionId = session.id();
            progress.step("Session " + sessionId + " opened (mode ONE: served by one sink worker at a time)");
            progress.waitFor(Duration.ofSeconds(30), () -> records.get() > 0, () -> records.get() + " records received");

            var outcomes = new ArrayList<Outcome>();
            for (int k = 1; k <= kills; k++) {
                long wait = minWaitMillis + (long) (random.nextDouble() * (maxWaitMillis - minWaitMillis));
                progress.step("Kill " + k + " of " + kills + " in " + wait + " ms");
                Thread.sleep(wait);
                outcomes.add(killServingWorker(k, weir, client, session, jobId, events, records, firstRecordOf, progress));
                if (!session.id().equals(sessionId)) {
                    throw new IllegalStateException("the session id changed from " + sessionId + " to " + session.id());
                }
            }
            long atEnd = records.get();
            print(sessionId, outcomes, atEnd);
            boolean continued = outcomes.stream().allMatch(o -> o.recordsAfter() > 0 && o.after() != null);
            System.out.println(continued ? "\nThe session carried on through every kill." : "\nThe session did NOT carry on.");
            return continued ? ExitCodes.OK : ExitCodes.SERVER_ERROR;
        } finally {
            progress.step("Stopping everything");
            weir.close();
        }
    }

    private Outcome killServingWorker(int k, LocalWeir weir, WeirClient client, SinkSession session, String jobId,
                                      List<SessionEvent> events, AtomicLong records, Map<String, Long> firstRecordOf,
                                      Progress progress) throws Exception {
        List<SinkWorker> serving = session.connectedWorkers();
        if (serving.isEmpty()) {
            throw new IllegalStateException("the session is not connected to any sink worker before kill " + k);
        }
        SinkWorker victim = serving.get(0);
        String agent = executorOf(client.jobs().get(jobId), victim.workerNumber());
        long before = records.get();
        Instant killedAt = Instant.now();
        long killedNanos = System.nanoTime();
        System.out.println("    " + (hang ? "kill -STOP" : "kill -9") + " of " + agent + ", which runs sink worker "
                + victim.workerNumber() + " (" + before + " records so far)");
        if (hang) {
            weir.hang(agent);
        } else {
            weir.kill(agent);
        }

        var detected = await(events, killedAt, e -> e instanceof SessionEvent.Detected d && d.worker().equals(victim));
        var connected = await(events, killedAt, e -> e instanceof SessionEvent.Connected c && !c.worker().equals(victim));
        String newConnection = ((SessionEvent.Connected) connected).connectionId();
        progress.waitFor(Duration.ofSeconds(30), () -> firstRecordOf.containsKey(newConnection), "waiting for records from the new worker");
        long firstRecordMillis = (firstRecordOf.get(newConnection) - killedNanos) / 1_000_000;
        progress.waitFor(Duration.ofSeconds(60), () -> replaced(client.jobs().get(jobId), victim),
                "waiting for the master to replace worker " + victim.workerNumber());
        long rescheduledMillis = (System.nanoTime() - killedNanos) / 1_000_000;
        weir.addAgents(1, 1);
        SinkWorker after = ((SessionEvent.Connected) connected).worker();
        return new Outcome(k, victim, after, millisBetween(killedAt, detected.at()), millisBetween(killedAt, connected.at()),
                firstRecordMillis, rescheduledMillis, before, records.get() - before);
    }

    private static SessionEvent await(List<SessionEvent> events, Instant after, Predicate<SessionEvent> what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (var e : events) {
                if (!e.at().isBefore(after) && what.test(e)) {
                    return e;
                }
            }
            Thread.sleep(10);
        }
        throw new IllegalStateException("the session did not report the failover within 30 s; see the events above");
    }

    private static String executorOf(JobDetails job, int workerNumber) {
        for (var stage : job.stages()) {
            for (var w : stage.workers()) {
                if (w.workerNumber() == workerNumber) {
                    return w.taskExecutorId();
                }
            }
        }
        throw new IllegalStateException("worker " + workerNumber + " is not part of " + job.jobId() + " any more");
    }

    private static boolean replaced(JobDetails job, SinkWorker victim) {
        for (var stage : job.stages()) {
            for (var w : stage.workers()) {
                if (w.workerIndex() == victim.workerIndex() && w.workerNumber() != victim.workerNumber()
                        && w.state() == WorkerState.Started) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long millisBetween(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    private static void print(String sessionId, List<Outcome> outcomes, long total) {
        System.out.println("\nSession " + sessionId + " (one id throughout), " + total + " records in all");
        var table = new Table("KILL", "WORKER BEFORE", "WORKER AFTER", "DETECTED", "RECONNECTED", "FIRST RECORD", "REPLACED BY MASTER",
                "RECORDS BEFORE", "RECORDS AFTER");
        for (var o : outcomes) {
            table.row(String.valueOf(o.kill()), describe(o.before()), describe(o.after()), o.detectedMillis() + " ms",
                    o.reconnectedMillis() + " ms", o.firstRecordMillis() + " ms", o.rescheduledMillis() + " ms",
                    String.valueOf(o.recordsBefore()), String.valueOf(o.recordsAfter()));
        }
        table.print();
        var reconnect = outcomes.stream().mapToLong(Outcome::reconnectedMillis).sorted().toArray();
        System.out.println("reconnection p50 " + reconnect[(reconnect.length - 1) / 2] + " ms over " + reconnect.length
                + " kills (all times from the kill)");
    }

    private static String describe(SinkWorker w) {
        return w == null ? "-" : w.workerNumber() + " (" + w.host() + ":" + w.port() + ")";
    }
}
