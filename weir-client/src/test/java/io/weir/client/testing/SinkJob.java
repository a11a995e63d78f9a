package io.weir.client.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.weir.master.testing.Heartbeater;
import io.weir.master.testing.TestHttp;
import io.weir.runtime.sink.SinkConfig;
import io.weir.runtime.sink.SinkServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Plays the agents of one job on a real master: reports its launched workers Started (sink-stage workers with a real
 * {@link SinkServer}, optionally behind a {@link TcpProxy}, other stages with a placeholder port), keeps them alive
 * with heartbeats, and has every live sink publish {@code {"job","worker","seq"}} records every 5 ms.
 */
public final class SinkJob implements AutoCloseable {

    /** One sink worker: its server, its proxy (or null) and the port it was reported Started on. */
    public record Worker(int number, int index, SinkServer sink, TcpProxy proxy, AtomicLong seq) {
        public int port() {
            return proxy == null ? sink.port() : proxy.port();
        }
    }

    private final TestHttp http;
    private final String jobId;
    private final boolean proxied;
    private final String readToken;
    private final Heartbeater heartbeats;
    private final Map<Integer, Worker> sinks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor();

    public SinkJob(TestHttp http, String jobId, boolean proxied) {
        this(http, jobId, proxied, null);
    }

    /** As {@link #SinkJob(TestHttp, String, boolean)}, with sinks that ask for {@code readToken} (null: none). */
    public SinkJob(TestHttp http, String jobId, boolean proxied, String readToken) {
        this.readToken = readToken;
        this.http = http;
        this.jobId = jobId;
        this.proxied = proxied;
        this.heartbeats = new Heartbeater(http, jobId);
        publisher.scheduleAtFixedRate(this::publish, 5, 5, TimeUnit.MILLISECONDS);
    }

    public String jobId() {
        return jobId;
    }

    /** Waits until {@code count} workers are Launched, then reports each Started; returns the new sink workers. */
    public List<Worker> startLaunched(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> launched().size() >= count);
        var started = new ArrayList<Worker>();
        JsonNode job = http.get("/api/v1/jobs/" + jobId).body();
        int sinkStage = job.get("stages").size();
        for (JsonNode w : launched()) {
            int n = w.get("workerNumber").asInt();
            heartbeats.add(n);
            report(n, "StartInitiated", null);
            if (w.get("stage").asInt() == sinkStage) {
                SinkServer sink = SinkServer.start(SinkConfig.of("127.0.0.1", 0).withReadToken(readToken), new SimpleMeterRegistry());
                var worker = new Worker(n, w.get("workerIndex").asInt(), sink, proxied ? new TcpProxy(sink.port()) : null, new AtomicLong());
                report(n, "Started", worker.port());
                sinks.put(n, worker);
                started.add(worker);
            } else {
                report(n, "Started", 1);
            }
        }
        return started;
    }

    /** The numbers of the live sink workers. */
    public List<Integer> sinkWorkers() {
        return List.copyOf(sinks.keySet());
    }

    public Worker worker(int number) {
        return sinks.get(number);
    }

    /** The sink stops (its consumers' streams end) and the worker is reported Failed, so the master replaces it. */
    public void kill(int number) {
        Worker w = sinks.remove(number);
        w.sink().close();
        if (w.proxy() != null) {
            w.proxy().close();
        }
        heartbeats.remove(number);
        report(number, "Failed", null);
    }

    /** The worker hangs: its sockets stay open and silent; the master still hears its heartbeats. */
    public void hang(int number) {
        sinks.get(number).proxy().freeze();
    }

    private List<JsonNode> launched() {
        var out = new ArrayList<JsonNode>();
        for (JsonNode stage : http.get("/api/v1/jobs/" + jobId).body().get("stages")) {
            for (JsonNode w : stage.get("workers")) {
                if (w.get("state").asText().equals("Launched")) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) w).put("stage", stage.get("stage").asInt());
                    out.add(w);
                }
            }
        }
        return out;
    }

    private void report(int workerNumber, String state, Integer port) {
        var res = http.post("/api/v1/workerEvents", "{\"events\":[{\"jobId\":\"" + jobId + "\",\"workerNumber\":" + workerNumber
                + ",\"state\":\"" + state + "\"" + (port == null ? "" : ",\"host\":\"127.0.0.1\",\"ports\":{\"data\":[" + port + "]}") + "}]}");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(res.body().get("results").get(0).get("outcome").asText()).as(res.text()).isEqualTo("ok");
    }

    private void publish() {
        sinks.values().forEach(w -> w.sink().publish("{\"job\":\"" + jobId + "\",\"worker\":" + w.number() + ",\"seq\":" + w.seq().incrementAndGet() + "}"));
    }

    @Override
    public void close() {
        publisher.shutdownNow();
        heartbeats.close();
        sinks.values().forEach(w -> {
            w.sink().close();
            if (w.proxy() != null) {
                w.proxy().close();
            }
        });
    }
}
