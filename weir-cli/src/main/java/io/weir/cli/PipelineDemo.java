package io.weir.cli;

import io.weir.core.registry.HealthStatus;
import io.weir.core.registry.PipelineHealth;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.Disposable;
import reactor.util.retry.Retry;

/**
 * {@code weir demo pipeline}: a source, a processor and a sink, three processes that are not Weir jobs, find each other
 * through the master's service registry by the event types they make and need. The demo kills and restarts the source,
 * then the processor, then (with the master stopped) the processor again, which then finds its source by the endpoint it
 * was configured with while the sink keeps the last set it knew. It prints each timeline and exits 0 only if every
 * record the source sent after each reconnection reached the sink.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true,
        description = "Three processes find each other by event type through the service registry; kill and restart them and watch.")
final class PipelineDemo implements Callable<Integer> {

    private static final String NUMBERS = "demo.numbers.v1";
    private static final String TAGGED = "demo.tagged.v1";

    @Mixin
    VerboseOption verbose;

    @Option(names = "--port", description = "The master's HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8400")
    int port;

    @Option(names = "--data-dir", description = "Where the store and logs go (default: a new temporary directory)")
    Path dataDir;

    @Option(names = "--rate", description = "Records per second the source sends (default: ${DEFAULT-VALUE})", defaultValue = "1000")
    int rate;

    @Option(names = "--down-ms", description = "How long a killed participant stays down (default: ${DEFAULT-VALUE})", defaultValue = "2000")
    long downMillis;

    @Option(names = "--verify-ms", description = "How long each check counts records (default: ${DEFAULT-VALUE})", defaultValue = "2000")
    long verifyMillis;

    private LocalWeir weir;
    private Path logs;
    private String token;
    private final List<DemoParticipant.Event> health = new CopyOnWriteArrayList<>();

    /**
     * What one scenario measured: when the reader noticed the kill, and, from the moment the restarted process was up,
     * when the reader saw it in the registry, connected and had its first record; records checked and missing after.
     */
    private record Outcome(String scenario, long detectedMillis, long seenMillis, long reconnectedMillis, long firstRecordMillis,
                           long checked, long missing) {
    }

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        if (rate < 100 || rate > 100_000) {
            throw new IllegalArgumentException("--rate: " + rate + " (expected: 100..100000)");
        }
        if (downMillis < 0 || downMillis > 60_000 || verifyMillis < 100 || verifyMillis > 60_000) {
            throw new IllegalArgumentException("--down-ms/--verify-ms: " + downMillis + "/" + verifyMillis
                    + " (expected: 0..60000 and 100..60000)");
        }
        var directory = DemoDirectory.of(dataDir, "weir-demo-pipeline-");
        Path dir = directory.path();
        var progress = new Progress(System.out);
        weir = LocalWeir.prepare(port, dir, 1, progress);
        logs = weir.logs();
        var participants = new ArrayList<DemoParticipant>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            participants.forEach(DemoParticipant::stop);
            weir.close();
            directory.deleteIfTemporary();
        }, "weir-demo-shutdown"));
        weir.startMaster();
        token = Files.readString(weir.adminTokenFile()).trim();
        Disposable healthWatch = watchHealth();
        try {
            int[] ports = freePorts(3);
            progress.step("Starting the sink (consumes " + TAGGED + "), the processor (" + NUMBERS + " -> " + TAGGED
                    + ") and the source (produces " + NUMBERS + "), " + rate + " records/s");
            var sink = participant(participants, "sink", "--role", "sink", "--name", "collector", "--consumes", TAGGED);
            var processor = participant(participants, "processor-1", "--role", "processor", "--name", "tagger", "--port",
                    String.valueOf(ports[0]), "--consumes", NUMBERS, "--produces", TAGGED);
            var source = participant(participants, "source-1", "--role", "source", "--name", "numbers", "--port",
                    String.valueOf(ports[1]), "--produces", NUMBERS, "--rate", String.valueOf(rate));
            long start = System.currentTimeMillis();
            progress.waitFor(Duration.ofSeconds(60), () -> sink.event("first-record", start).isPresent() || sink.event("first-record", 0).isPresent(),
                    "waiting for the first record at the sink");
            var outcomes = new ArrayList<Outcome>();

            progress.step("Scenario 1: kill -9 the source; a new one starts on another port after " + downMillis + " ms");
            long killed = System.currentTimeMillis();
            source.kill();
            Thread.sleep(downMillis);
            var source2 = participant(participants, "source-2", "--role", "source", "--name", "numbers", "--port",
                    String.valueOf(ports[2]), "--produces", NUMBERS, "--rate", String.valueOf(rate));
            long restarted = System.currentTimeMillis();
            progress.waitFor(Duration.ofSeconds(30), () -> processor.event("first-record", restarted).isPresent(),
                    "waiting for the processor to read the new source");
            outcomes.add(outcome("source restarted", killed, restarted, processor, source2, verify(source2, sink)));
            timeline(killed, List.of(processor, source2, sink));

            progress.step("Scenario 2: kill -9 the processor; a new one starts on another port after " + downMillis + " ms");
            int processorPort = freePorts(1)[0];
            killed = System.currentTimeMillis();
            processor.kill();
            Thread.sleep(downMillis);
            var processor2 = participant(participants, "processor-2", "--role", "processor", "--name", "tagger", "--port",
                    String.valueOf(processorPort), "--consumes", NUMBERS, "--produces", TAGGED);
            long restarted2 = System.currentTimeMillis();
            progress.waitFor(Duration.ofSeconds(30), () -> sink.event("first-record", restarted2).isPresent(),
                    "waiting for the sink to read the new processor");
            outcomes.add(outcome("processor restarted", killed, restarted2, sink, processor2, verify(source2, sink)));
            timeline(killed, List.of(sink, processor2, source2));

            progress.step("Scenario 3: the master stops; kill -9 the processor and start it again on its port, told the source's "
                    + "address: it reads the source by that endpoint, the sink by the set it last knew");
            long masterStopped = System.currentTimeMillis();
            weir.stopMaster();
            killed = System.currentTimeMillis();
            processor2.kill();
            Thread.sleep(downMillis);
            var processor3 = participant(participants, "processor-3", "--role", "processor", "--name", "tagger", "--port",
                    String.valueOf(processorPort), "--consumes", NUMBERS, "--produces", TAGGED,
                    "--fallback", "http://127.0.0.1:" + ports[2] + "/");
            long restarted3 = System.currentTimeMillis();
            progress.waitFor(Duration.ofSeconds(30), () -> sink.event("first-record", restarted3).isPresent(),
                    "waiting for records through the new processor without a master");
            outcomes.add(outcome("processor restarted, no master", killed, restarted3, sink, processor3, verify(source2, sink)));
            timeline(masterStopped, List.of(sink, processor3, source2));
            progress.step("The master starts again: everyone registers again and the pipeline is healthy");
            long masterBack = System.currentTimeMillis();
            weir.startMaster();
            progress.waitFor(Duration.ofSeconds(30), () -> healthy(masterBack), "waiting for the pipeline to be healthy");
            timeline(masterBack, List.of(sink, processor3, source2));

            print(outcomes);
            boolean lossless = outcomes.stream().allMatch(o -> o.missing() == 0 && o.checked() > 0);
            System.out.println(lossless ? "\nEvery record the source sent after each reconnection reached the sink."
                    : "\nRecords were LOST after a reconnection (see above).");
            return lossless ? ExitCodes.OK : ExitCodes.SERVER_ERROR;
        } finally {
            healthWatch.dispose();
            progress.step("Stopping everything (logs in " + logs.toAbsolutePath() + ")");
            participants.forEach(DemoParticipant::stop);
            weir.close();
        }
    }

    private DemoParticipant participant(List<DemoParticipant> all, String name, String... options) throws IOException {
        var args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--master", weir.masterUrl()));
        var p = DemoParticipant.start(name, logs.resolve(name + ".log"), token, args.toArray(String[]::new));
        all.add(p);
        return p;
    }

    /** Follows the pipeline's health through master restarts, keeping each change as an event of the "master". */
    private Disposable watchHealth() {
        var last = new String[1];
        return weir.master().client().registry().watchHealth()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(1)))
                .subscribe(h -> {
                    String now = h.status() + (h.reasons().isEmpty() ? "" : ": " + String.join("; ", h.reasons()));
                    if (!now.equals(last[0])) {
                        last[0] = now;
                        health.add(new DemoParticipant.Event("master", System.currentTimeMillis(), "health", now));
                    }
                });
    }

    private boolean healthy(long since) {
        if (health.stream().anyMatch(e -> e.millis() >= since && e.detail().equals(HealthStatus.HEALTHY.name()))) {
            return true;
        }
        try {
            return weir.master().client().registry().health().status() == HealthStatus.HEALTHY;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Marks the source's sequence now and after {@code --verify-ms}, and asks the sink how many records in between it
     * misses, waiting up to 5 s for those in flight. Returns {checked, missing}.
     */
    private long[] verify(DemoParticipant source, DemoParticipant sink) throws InterruptedException {
        String[] from = source.ask("mark", Duration.ofSeconds(5)).split(" ");
        Thread.sleep(verifyMillis);
        String[] to = source.ask("mark", Duration.ofSeconds(5)).split(" ");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long missing;
        do {
            String[] report = sink.ask("report " + from[1] + " " + from[2] + " " + to[2], Duration.ofSeconds(5)).split(" ");
            missing = Long.parseLong(report[4]);
            if (missing > 0) {
                Thread.sleep(50);
            }
        } while (missing > 0 && System.nanoTime() < deadline);
        return new long[] {Long.parseLong(to[2]) - Long.parseLong(from[2]), missing};
    }

    private Outcome outcome(String scenario, long killed, long restarted, DemoParticipant reader, DemoParticipant restartedOne,
                            long[] verified) {
        long detected = reader.event("lost", killed).map(e -> e.millis() - killed).orElse(-1L);
        long up = restartedOne.event("started", restarted).map(DemoParticipant.Event::millis).orElse(restarted);
        long seen = reader.eventsSince(up).stream().filter(e -> e.kind().equals("upstreams") && e.detail().contains("HEALTHY"))
                .findFirst().map(e -> e.millis() - up).orElse(-1L);
        long reconnected = reader.event("connected", up).map(e -> e.millis() - up).orElse(-1L);
        long first = reader.event("first-record", up).map(e -> e.millis() - up).orElse(-1L);
        return new Outcome(scenario, detected, seen, reconnected, first, verified[0], verified[1]);
    }

    private void timeline(long from, List<DemoParticipant> participants) {
        var events = new ArrayList<DemoParticipant.Event>();
        participants.forEach(p -> events.addAll(p.eventsSince(from)));
        health.stream().filter(e -> e.millis() >= from).forEach(events::add);
        events.sort(Comparator.comparingLong(DemoParticipant.Event::millis));
        for (var e : events) {
            System.out.printf("    | %+7d ms  %-12s %-13s %s%n", e.millis() - from, e.participant(), e.kind(), e.detail());
        }
    }

    private static void print(List<Outcome> outcomes) {
        System.out.println();
        var table = new Table("scenario", "kill noticed", "new one seen", "reconnected", "first record", "records checked", "missing");
        for (var o : outcomes) {
            table.row(o.scenario(), millis(o.detectedMillis()), millis(o.seenMillis()), millis(o.reconnectedMillis()),
                    millis(o.firstRecordMillis()), o.checked(), o.missing());
        }
        table.print();
        System.out.println("(kill noticed: after the kill; the others: after the restarted process was up. \"new one seen\": the reader's"
                + " registry watch named it; without a master, the configured endpoint was used instead.)");
    }

    private static String millis(long m) {
        return m < 0 ? "-" : m + " ms";
    }

    private static int[] freePorts(int n) throws IOException {
        var sockets = new ArrayList<ServerSocket>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                var s = new ServerSocket(0);
                sockets.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (var s : sockets) {
                s.close();
            }
        }
    }
}
