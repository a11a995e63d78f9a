package io.weir.examples.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.client.WeirClient;
import io.weir.client.WeirClientConfig;
import io.weir.client.registry.ServiceRegistration;
import io.weir.client.registry.UpstreamWatcher;
import io.weir.core.json.Json;
import io.weir.core.registry.InstanceHealth;
import io.weir.core.registry.Registration;
import io.weir.core.registry.ServiceType;
import io.weir.core.transport.Plane;
import io.weir.core.transport.TransportEndpoint;
import io.weir.core.transport.TransportId;
import io.weir.runtime.sink.SinkConfig;
import io.weir.runtime.sink.SinkServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One participant of {@code weir demo pipeline}, a process of its own:
 * <ul>
 * <li>{@code source}: serves {@code {"run","seq"}} records on a sink (SSE) at {@code --rate} per second while someone
 *     reads them, and registers as a SOURCE of {@code --produces};</li>
 * <li>{@code processor}: reads {@code --consumes} from the upstream the registry names (or {@code --fallback} while
 *     the master is away), adds {@code "via"}, serves the result, and registers as a PROCESSOR;</li>
 * <li>{@code sink}: reads {@code --consumes} and keeps which records of which source run arrived; a SINK.</li>
 * </ul>
 * Events go to standard output (see {@link DemoEvents}); commands come on standard input: {@code mark} (source: the
 * run and the next sequence number), {@code report RUN FROM TO} (sink: how many of those are missing). The master's
 * URL is {@code --master}, its token {@code WEIR_TOKEN}. SIGTERM deregisters.
 */
public final class PipelineParticipant {

    private final Map<String, String> options;
    private final DemoEvents events = new DemoEvents(System.out);
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong seq = new AtomicLong();
    private final Map<String, BitSet> received = new ConcurrentHashMap<>();
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private SinkServer output;

    private PipelineParticipant(Map<String, String> options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option (--name value), got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        new PipelineParticipant(options).run();
    }

    private String option(String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private void run() throws Exception {
        String role = option("role");
        String name = option("name");
        var client = WeirClient.create(WeirClientConfig.of(option("master")).withToken(System.getenv("WEIR_TOKEN"))
                .withRequestTimeoutMillis(2_000));
        closeables.add(client);
        ServiceType type = switch (role) {
            case "source" -> ServiceType.SOURCE;
            case "processor" -> ServiceType.PROCESSOR;
            case "sink" -> ServiceType.SINK;
            default -> throw new IllegalArgumentException("--role: " + role + " (expected: source, processor or sink)");
        };
        List<TransportEndpoint> endpoints = List.of();
        if (type != ServiceType.SINK) {
            int port = Integer.parseInt(option("port"));
            output = SinkServer.start(SinkConfig.of("127.0.0.1", port), new SimpleMeterRegistry());
            closeables.add(output);
            endpoints = List.of(new TransportEndpoint(TransportId.HTTP, Plane.STREAM, "http://127.0.0.1:" + output.port() + "/", null,
                    Map.of("format", "sse")));
        }
        var registration = new Registration(null, name, type,
                type == ServiceType.SOURCE ? List.of() : List.of(option("consumes")),
                type == ServiceType.SINK ? List.of() : List.of(option("produces")),
                endpoints, InstanceHealth.HEALTHY, Map.of("run", run), Long.parseLong(options.getOrDefault("lease-ms", "1000")));
        var registered = ServiceRegistration.start(client.registry(), registration, ServiceRegistration.Options.defaults());
        closeables.add(registered);
        UpstreamReader reader = null;
        if (type != ServiceType.SOURCE) {
            var watcherOptions = UpstreamWatcher.Options.defaults().masterHeartbeatMillis(2_000);
            if (options.containsKey("fallback")) {
                watcherOptions = watcherOptions.fallback(List.of(new TransportEndpoint(TransportId.HTTP, Plane.STREAM,
                        options.get("fallback"), null, null)));
            }
            var watcher = UpstreamWatcher.start(client.registry(), option("consumes"), watcherOptions);
            closeables.add(watcher);
            reader = new UpstreamReader(watcher, name, type == ServiceType.PROCESSOR ? this::forward : this::keep, events);
            closeables.add(reader);
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeAll();
            stopped.countDown();
        }));
        events.event("started", role + " " + name + " run " + run + (output == null ? "" : " on port " + output.port()));
        Thread.ofPlatform().daemon().name("registered").start(() -> {
            if (registered.awaitRegistered(java.time.Duration.ofMinutes(10))) {
                events.event("registered", registered.instanceId());
            }
        });
        var timer = Executors.newSingleThreadScheduledExecutor();
        if (type == ServiceType.SOURCE) {
            int perTick = Math.max(1, Integer.parseInt(options.getOrDefault("rate", "1000")) / 100);
            var hadConsumer = new boolean[1];
            timer.scheduleAtFixedRate(() -> publish(perTick, hadConsumer), 10, 10, TimeUnit.MILLISECONDS);
        } else {
            UpstreamReader r = reader;
            timer.scheduleAtFixedRate(() -> registered.health(r.connected() ? InstanceHealth.HEALTHY
                    : InstanceHealth.unhealthy("no upstream of " + options.get("consumes") + " connected")), 100, 100, TimeUnit.MILLISECONDS);
        }
        commands();
        stopped.await();
    }

    /** Publishes {@code n} records while someone reads them; the first after a pause is an event with its number. */
    private void publish(int n, boolean[] hadConsumer) {
        boolean reading = output.consumers() > 0;
        if (reading && !hadConsumer[0]) {
            events.event("consumer", "run " + run + " from seq " + seq.get());
        }
        hadConsumer[0] = reading;
        if (!reading) {
            return;
        }
        for (int i = 0; i < n; i++) {
            output.publish("{\"run\":\"" + run + "\",\"seq\":" + seq.getAndIncrement() + "}");
        }
    }

    private void forward(String json) {
        try {
            var record = (ObjectNode) Json.lenient().readTree(json);
            record.put("via", run);
            output.publish(Json.lenient().writeValueAsBytes(record));
        } catch (IOException | ClassCastException e) {
            events.event("bad-record", json);
        }
    }

    private void keep(String json) {
        try {
            JsonNode record = Json.lenient().readTree(json);
            BitSet seen = received.computeIfAbsent(record.get("run").asText(), r -> new BitSet());
            synchronized (seen) {
                seen.set(record.get("seq").asInt());
            }
        } catch (IOException | NullPointerException e) {
            events.event("bad-record", json);
        }
    }

    /** Answers {@code mark} and {@code report RUN FROM TO} from standard input until it closes. */
    private void commands() {
        Thread.ofPlatform().daemon().name("commands").start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] words = line.trim().split("\\s+");
                    switch (words[0]) {
                        case "mark" -> events.answer("mark " + run + " " + seq.get());
                        case "report" -> events.answer("report " + words[1] + " " + words[2] + " " + words[3] + " "
                                + missing(words[1], Integer.parseInt(words[2]), Integer.parseInt(words[3])));
                        default -> events.answer("unknown " + line);
                    }
                }
            } catch (IOException e) {
                // the demo went away; SIGTERM or its end of stdin ends us
            }
        });
    }

    private int missing(String sourceRun, int from, int to) {
        BitSet seen = received.getOrDefault(sourceRun, new BitSet());
        synchronized (seen) {
            return (to - from) - seen.get(from, to).cardinality();
        }
    }

    private void closeAll() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception e) {
                // closing on the way out; nothing left to tell
            }
        }
    }
}
