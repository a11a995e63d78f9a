package io.weir.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.client.service.ServiceClient;
import io.weir.client.service.ServiceResponse;
import io.weir.client.service.ServiceSession;
import io.weir.client.service.ServiceSessionEvent;
import io.weir.client.service.ServiceSessionEvent.Kind;
import io.weir.core.model.JobDetails;
import io.weir.examples.TokenServiceJob;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.Disposable;

/**
 * {@code weir demo services}: a token-generating streaming service ({@link TokenServiceJob}) with two workers that
 * fail by themselves at random ({@code failAfterSeconds}) and refuse sessions for a cooldown after they start again,
 * or, with {@code --hang}, whose serving worker the demo freezes with SIGSTOP. One client session streams one long
 * request through every failover under one id; the demo prints its tokens and events as they come, then a table of
 * the failovers, and exits 0 only if the tokens have no gap and no duplicate.
 */
@Command(name = "services", mixinStandardHelpOptions = true,
        description = "Stream one long request from a token service whose workers fail at random, and watch the session resume.")
final class ServicesDemo implements Callable<Integer> {

    static final String CLUSTER = "tokens-demo";
    static final String PROMPT = "a river of tokens through a weir";

    private static final String JOB = """
            {"name":"%s","jobClass":"io.weir.examples.TokenServiceJob","parameters":{%s},
             "stages":{"1":{"numWorkers":2,"machine":{"cpuCores":2,"memoryMB":256}}},"labels":{"createdBy":"weir demo services"}}""";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    @Mixin
    VerboseOption verbose;

    @Option(names = "--duration", description = "Seconds the one request streams: it asks for tokens-per-second x duration tokens (default: ${DEFAULT-VALUE})",
            defaultValue = "60")
    int duration;

    @Option(names = "--tokens-per-second", description = "Tokens per second the service sends (default: ${DEFAULT-VALUE})", defaultValue = "20")
    int tokensPerSecond;

    @Option(names = "--fail-after", description = "min-max seconds: each worker fails after a random time in that range; with --hang, the time between freezes (default: ${DEFAULT-VALUE})",
            defaultValue = "10-25")
    String failAfter;

    @Option(names = "--cooldown", description = "Seconds a worker refuses new sessions (recovering) after it starts (default: ${DEFAULT-VALUE})",
            defaultValue = "10")
    double cooldown;

    @Option(names = "--hang", description = "Workers do not fail by themselves: the demo freezes the serving worker's process (SIGSTOP) at random moments, and lets it go on (SIGCONT) later")
    boolean hang;

    @Option(names = "--request-plane", description = "tcp or http: how the client calls the workers (default: ${DEFAULT-VALUE})", defaultValue = "tcp")
    String requestPlane;

    @Option(names = "--response-plane", description = "tcp or http: how the workers answer (default: ${DEFAULT-VALUE})", defaultValue = "tcp")
    String responsePlane;

    @Option(names = "--port", description = "The master's HTTP port (default: ${DEFAULT-VALUE})", defaultValue = "8500")
    int port;

    @Option(names = "--data-dir", description = "Where the store and logs go (default: a new temporary directory)")
    Path dataDir;

    @Option(names = "--seed", description = "Seed of the random freeze moments with --hang (default: random)")
    Long seed;

    /** One failover: from the first DETECTED to the RESUMED that ended it; times are epoch ms. */
    private static final class Failover {
        final int number;
        final Integer before;
        final long position;
        final long lastTokenAt;
        final long detectedAt;
        final List<String> why = new ArrayList<>();
        Integer after;
        long reassignedAt;
        long resumedAt;
        int reassignments;
        String freeze;

        Failover(int number, Integer before, long position, long lastTokenAt, long detectedAt, String why) {
            this.number = number;
            this.before = before;
            this.position = position;
            this.lastTokenAt = lastTokenAt;
            this.detectedAt = detectedAt;
            this.why.add(why);
        }
    }

    private final List<Failover> failovers = new CopyOnWriteArrayList<>();
    private final List<ProcessHandle> frozen = new CopyOnWriteArrayList<>();
    private volatile long lastTokenAt;
    private volatile String lastToken;
    private volatile int lastWorker;
    private volatile Kind lastEvent;
    private long openedAt;
    private int startRefusals;

    @Override
    public Integer call() throws Exception {
        verbose.apply();
        if (duration < 1 || duration > 3_600) {
            throw new IllegalArgumentException("--duration: " + duration + " (expected: 1..3600 seconds)");
        }
        if (tokensPerSecond < 1 || tokensPerSecond > 1_000) {
            throw new IllegalArgumentException("--tokens-per-second: " + tokensPerSecond + " (expected: 1..1000)");
        }
        if (cooldown < 0 || cooldown > 600) {
            throw new IllegalArgumentException("--cooldown: " + cooldown + " (expected: 0..600 seconds)");
        }
        double[] range = range(failAfter);
        String request = plane("--request-plane", requestPlane);
        String response = plane("--response-plane", responsePlane);
        long count = (long) tokensPerSecond * duration;
        if (count > 1_000_000) {
            throw new IllegalArgumentException("--tokens-per-second x --duration: " + count + " tokens (expected: at most 1000000)");
        }
        var random = seed == null ? new Random() : new Random(seed);

        var directory = DemoDirectory.of(dataDir, "weir-demo-services-");
        Path dir = directory.path();
        var progress = new Progress(System.out);
        var weir = LocalWeir.prepare(port, dir, 3, progress);
        // The workers serve the planes the client calls on; failed workers are replaced at once, however often.
        weir.environment(Map.of("WEIR_REQUEST_PLANE", request, "WEIR_RESPONSE_PLANE", response,
                "WEIR_RESUBMIT_STEPS_MS", "0,1000", "WEIR_MAX_RESUBMITS_PER_HOUR", "1000"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            thaw();
            weir.close();
            directory.deleteIfTemporary();
        }, "weir-demo-shutdown"));
        try {
            weir.startMaster();
            progress.step("Starting 3 agents of 2 cores each: one per worker, and one where a failed worker's replacement can go");
            weir.addAgents(3, 2);

            var master = weir.master();
            String parameters = "\"tokensPerSecond\":\"" + tokensPerSecond + "\",\"cooldownSeconds\":\"" + cooldown + "\""
                    + (hang ? "" : ",\"failAfterSeconds\":\"" + failAfter + "\"");
            master.createCluster(JOB.formatted(CLUSTER, parameters));
            String jobId = master.submit(CLUSTER);
            progress.step("Running job " + jobId + " (TokenServiceJob, 2 workers, " + tokensPerSecond + " tokens/s, "
                    + (hang ? "the demo freezes the serving worker every " + failAfter + " s"
                            : "each worker fails after " + failAfter + " s") + ", " + fmt(cooldown) + " s cooldown after each start)");
            progress.waitFor(Duration.ofSeconds(90), () -> master.allStarted(jobId), () -> master.startedWorkers(jobId) + " workers started");

            try (var services = ServiceClient.create(master.client(),
                    Map.of("WEIR_REQUEST_PLANE", request, "WEIR_RESPONSE_PLANE", response), new SimpleMeterRegistry())) {
                return stream(weir, services, jobId, count, range, random, progress);
            }
        } finally {
            progress.step("Stopping everything");
            thaw();
            weir.close();
        }
    }

    private int stream(LocalWeir weir, ServiceClient services, String jobId, long count, double[] range, Random random,
                       Progress progress) throws Exception {
        var session = services.session(CLUSTER).body(PROMPT.getBytes(StandardCharsets.UTF_8))
                .parameter("count", String.valueOf(count)).failoverTimeout(Duration.ofSeconds(120)).open();
        String id = session.id();
        progress.step("Session " + id + " asks for " + count + " tokens of \"" + PROMPT + "\" (" + duration + " s at "
                + tokensPerSecond + "/s), request plane " + services.requestPlane() + ", response plane " + responsePlane
                + "; the director answers 503 while no worker can take it, and the session keeps asking");
        List<ServiceResponse> responses = java.util.Collections.synchronizedList(new ArrayList<>());
        var done = new CountDownLatch(1);
        var error = new AtomicReference<Throwable>();
        openedAt = System.currentTimeMillis();
        Disposable events = session.events().subscribe(this::onEvent);
        Disposable tokens = session.responses().subscribe(r -> {
            responses.add(r);
            lastTokenAt = System.currentTimeMillis();
            lastToken = new String(r.data(), StandardCharsets.UTF_8);
            lastWorker = r.workerNumber();
        }, e -> {
            error.set(e);
            done.countDown();
        }, done::countDown);
        Thread ticker = Thread.ofPlatform().daemon().name("weir-demo-ticker").start(() -> tick(id, responses, done));
        Thread freezer = hang ? Thread.ofPlatform().daemon().name("weir-demo-freezer")
                .start(() -> freezeAtRandom(weir, jobId, responses, done, count, range, random)) : null;
        boolean ended;
        try {
            ended = done.await(duration + 300L, TimeUnit.SECONDS);
        } finally {
            ticker.interrupt();
            if (freezer != null) {
                freezer.interrupt();
                freezer.join(5_000);
            }
            tokens.dispose();
            events.dispose();
            session.close();
        }
        ticker.join(2_000);

        print(id, responses.size());
        if (!ended) {
            System.out.println("\nThe session did not end within " + (duration + 300) + " s: FAILED.");
            return ExitCodes.SERVER_ERROR;
        }
        if (error.get() != null) {
            System.out.println("\nThe session failed: " + error.get().getMessage());
            return ExitCodes.SERVER_ERROR;
        }
        return verify(responses, count) ? ExitCodes.OK : ExitCodes.SERVER_ERROR;
    }

    private void onEvent(ServiceSessionEvent e) {
        lastEvent = e.kind();
        System.out.printf("    %s %6.1f s  [%s] %-10s %s%n", CLOCK.format(Instant.ofEpochMilli(e.at())), (e.at() - openedAt) / 1e3,
                e.sessionId(), e.kind(), e.detail());
        Failover current = failovers.isEmpty() ? null : failovers.get(failovers.size() - 1);
        boolean open = current != null && current.resumedAt == 0;
        switch (e.kind()) {
            case DETECTED -> {
                if (lastTokenAt == 0) {
                    startRefusals++;
                } else if (!open) {
                    failovers.add(new Failover(failovers.size() + 1, e.workerNumber(), e.position(), lastTokenAt, e.at(), why(e.detail())));
                } else {
                    current.why.add(why(e.detail()));
                }
            }
            case REASSIGNED -> {
                if (open) {
                    current.after = e.workerNumber();
                    current.reassignedAt = e.at();
                    current.reassignments++;
                }
            }
            case RESUMED, RESTARTED -> {
                if (open) {
                    current.after = e.workerNumber();
                    current.resumedAt = e.at();
                }
            }
            default -> {
            }
        }
    }

    /** Once a second: the session id, how many tokens so far and the last one, or what the session waits for. */
    private void tick(String id, List<ServiceResponse> responses, CountDownLatch done) {
        try {
            while (!done.await(1, TimeUnit.SECONDS)) {
                long now = System.currentTimeMillis();
                String state;
                if (responses.isEmpty()) {
                    state = "waiting for the first token (the workers refuse sessions while they recover)";
                } else if (lastEvent == Kind.DETECTED || lastEvent == Kind.REASSIGNED || now - lastTokenAt > 1_000) {
                    state = "no token for " + (now - lastTokenAt) + " ms: " + switch (lastEvent) {
                        case DETECTED -> "asking the director for a worker (503 until one is back), with backoff";
                        case REASSIGNED -> "calling the worker the director chose";
                        case null, default -> "no failure detected (yet)";
                    };
                } else {
                    state = "last " + lastToken + " from worker " + lastWorker;
                }
                System.out.printf("    %s %6.1f s  [%s] %6d tokens  %s%n", CLOCK.format(Instant.ofEpochMilli(now)), (now - openedAt) / 1e3,
                        id, responses.size(), state);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** With --hang: freezes the serving worker's process at random moments, and lets it go on once the session resumed elsewhere. */
    private void freezeAtRandom(LocalWeir weir, String jobId, List<ServiceResponse> responses, CountDownLatch done, long count,
                                double[] range, Random random) {
        try {
            while (responses.isEmpty()) {
                if (done.await(100, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
            while (true) {
                long wait = Math.round((range[0] + random.nextDouble() * (range[1] - range[0])) * 1_000);
                if (done.await(wait, TimeUnit.MILLISECONDS)) {
                    return;
                }
                long left = (count - responses.size()) * 1_000L / tokensPerSecond;
                if (left < 3_000) {
                    return;
                }
                int worker = lastWorker;
                ProcessHandle process;
                try {
                    process = workerProcess(weir, weir.master().job(jobId), worker);
                } catch (RuntimeException e) {
                    System.out.println("    (not freezing now: " + e.getMessage() + ")");
                    continue;
                }
                int before = failovers.size();
                System.out.printf("    %s %6.1f s  kill -STOP %d: the process of worker %d, which serves the session (%d tokens so far)%n",
                        CLOCK.format(Instant.now()), (System.currentTimeMillis() - openedAt) / 1e3, process.pid(), worker, responses.size());
                frozen.add(process);
                signal(process, "STOP");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!resumedSince(before) && System.nanoTime() < deadline && !done.await(50, TimeUnit.MILLISECONDS)) {
                    // wait for the session to go on elsewhere
                }
                if (failovers.size() > before) {
                    failovers.get(before).freeze = "SIGSTOP";
                }
                boolean noticed = failovers.size() > before;
                if (done.await(2_000, TimeUnit.MILLISECONDS)) {
                    return;
                }
                signal(process, "CONT");
                if (!noticed) {
                    System.out.println("    the session did not notice the freeze within 60 s");
                }
                frozen.remove(process);
                System.out.printf("    %s %6.1f s  kill -CONT %d: worker %d goes on%n", CLOCK.format(Instant.now()),
                        (System.currentTimeMillis() - openedAt) / 1e3, process.pid(), worker);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean resumedSince(int before) {
        return failovers.size() > before && failovers.get(before).resumedAt > 0;
    }

    /** The process of worker {@code n}: the one worker process under the agent it runs on. */
    private static ProcessHandle workerProcess(LocalWeir weir, JobDetails job, int n) {
        for (var stage : job.stages()) {
            for (var w : stage.workers()) {
                if (w.workerNumber() == n) {
                    var children = weir.agentProcess(w.taskExecutorId()).children().filter(ProcessHandle::isAlive).toList();
                    if (children.size() != 1) {
                        throw new IllegalStateException("agent " + w.taskExecutorId() + " runs " + children.size() + " worker processes");
                    }
                    return children.get(0);
                }
            }
        }
        throw new IllegalStateException("worker " + n + " is not part of " + job.jobId() + " any more");
    }

    private void thaw() {
        for (var p : frozen) {
            try {
                signal(p, "CONT");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        frozen.clear();
    }

    private static void signal(ProcessHandle p, String signal) throws InterruptedException {
        try {
            new ProcessBuilder("kill", "-" + signal, String.valueOf(p.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " " + p.pid() + ": " + e.getMessage(), e);
        }
    }

    private void print(String id, int tokens) {
        System.out.println("\nSession " + id + " (one id throughout): " + tokens + " tokens, " + failovers.size() + " failovers"
                + " (times in ms after the last token before the failure)" + (startRefusals == 0 ? ""
                : "; before its first token, workers refused it " + (startRefusals == 1 ? "once" : startRefusals + " times") + " (recovering)"));
        var table = new Table("#", "WORKER BEFORE", "WORKER AFTER", "AT TOKEN", "DETECTED", "REASSIGNED", "FIRST TOKEN AFTER", "TRIES", "WHY");
        for (var f : failovers) {
            table.row(String.valueOf(f.number), String.valueOf(f.before), f.after == null ? "-" : String.valueOf(f.after),
                    String.valueOf(f.position), (f.detectedAt - f.lastTokenAt) + " ms",
                    f.reassignedAt == 0 ? "-" : (f.reassignedAt - f.lastTokenAt) + " ms",
                    f.resumedAt == 0 ? "-" : (f.resumedAt - f.lastTokenAt) + " ms", String.valueOf(f.reassignments),
                    (f.freeze != null ? f.freeze + ", " : "") + causes(f.why));
        }
        table.print();
        var gaps = failovers.stream().filter(f -> f.resumedAt > 0).mapToLong(f -> f.resumedAt - f.lastTokenAt).sorted().toArray();
        if (gaps.length > 0) {
            System.out.println("gap between tokens across a failover: p50 " + gaps[(gaps.length - 1) / 2] + " ms, max "
                    + gaps[gaps.length - 1] + " ms over " + gaps.length + " failovers");
        }
    }

    /** The causes of a failover's tries in order, a repeated one once with its count: "worker stopping, then refused (recovering) x3". */
    private static String causes(List<String> why) {
        var out = new ArrayList<String>();
        for (int i = 0; i < why.size(); ) {
            int j = i;
            while (j < why.size() && why.get(j).equals(why.get(i))) {
                j++;
            }
            out.add(why.get(i) + (j - i > 1 ? " x" + (j - i) : ""));
            i = j;
        }
        return String.join(", then ", out);
    }

    /** The cause of a failover in a few words, from the DETECTED event's sentence. */
    private static String why(String detail) {
        if (detail.contains("PINGs")) {
            return "missed pings";
        }
        if (detail.contains("keep-alive")) {
            return "missed keep-alives";
        }
        if (detail.contains("worker stopping")) {
            return "worker stopping";
        }
        if (detail.contains("recovering")) {
            return "refused (recovering)";
        }
        if (detail.contains("connection to ") && detail.endsWith(" closed")) {
            return "connection closed";
        }
        if (detail.toLowerCase(Locale.ROOT).contains("connection refused")) {
            return "connection refused";
        }
        int colon = detail.indexOf(": ");
        String cause = colon < 0 ? detail : detail.substring(colon + 2);
        return cause.length() > 40 ? cause.substring(0, 37) + "..." : cause;
    }

    /** Every position once and in order, each token the one {@link TokenServiceJob#tokens} says. */
    private static boolean verify(List<ServiceResponse> responses, long count) {
        var expected = TokenServiceJob.tokens(PROMPT, 0, count);
        var seen = new boolean[(int) count];
        long duplicates = 0;
        long outOfOrder = 0;
        long wrong = 0;
        for (int i = 0; i < responses.size(); i++) {
            var r = responses.get(i);
            if (r.position() < 0 || r.position() >= count) {
                wrong++;
                continue;
            }
            if (seen[(int) r.position()]) {
                duplicates++;
            }
            seen[(int) r.position()] = true;
            if (r.position() != i) {
                outOfOrder++;
            }
            if (!expected.get((int) r.position()).equals(new String(r.data(), StandardCharsets.UTF_8))) {
                wrong++;
            }
        }
        long missing = 0;
        for (boolean s : seen) {
            if (!s) {
                missing++;
            }
        }
        if (missing == 0 && duplicates == 0 && outOfOrder == 0 && wrong == 0 && responses.size() == count) {
            System.out.println("\nAll " + count + " tokens arrived once each and in order, as TokenServiceJob.tokens says: no gap, no duplicate.");
            return true;
        }
        System.out.println("\nThe tokens are NOT right: " + responses.size() + " of " + count + " arrived, " + missing + " missing, "
                + duplicates + " duplicates, " + outOfOrder + " out of order, " + wrong + " not the expected token.");
        return false;
    }

    private static String plane(String flag, String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("tcp") && !v.equals("http")) {
            throw new IllegalArgumentException(flag + ": " + value + " (expected: tcp or http)");
        }
        return v;
    }

    private static double[] range(String value) {
        String[] parts = value.trim().split("-");
        try {
            double min = Double.parseDouble(parts[0]);
            double max = parts.length > 1 ? Double.parseDouble(parts[1]) : min;
            if (parts.length <= 2 && min > 0 && max >= min && max <= 3_600) {
                return new double[] {min, max};
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--fail-after: " + value + " (expected: min-max seconds, e.g. 10-25)");
    }

    private static String fmt(double seconds) {
        return seconds == Math.rint(seconds) ? String.valueOf((long) seconds) : String.valueOf(seconds);
    }
}
