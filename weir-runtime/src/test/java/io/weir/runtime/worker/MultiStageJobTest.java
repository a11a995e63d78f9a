package io.weir.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weir.core.worker.RunningWorker;
import io.weir.core.worker.WorkerContext;
import io.weir.runtime.api.Codecs;
import io.weir.runtime.api.JobContext;
import io.weir.runtime.api.StageSpec;
import io.weir.runtime.api.Topology;
import io.weir.runtime.api.WeirJob;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** A three-stage job across workers in one JVM, connected through discovery and the TCP stream protocol. */
class MultiStageJobTest {

    static final int EVENTS = 3_000;

    /** Numbers 0..EVENTS-1 → "k<n%10>:<n>" (scalar) → running sum per key (keyed) at the sink. */
    public static final class KeyedSumJob implements WeirJob {

        /** The running sum and count of one key. */
        public record Sum(String key, long count, long sum) {
        }

        @Override
        public Topology topology(JobContext context) {
            return Topology.from(ctx -> Flux.range(0, EVENTS).map(Integer::longValue), Codecs.json(Long.class))
                    .then(StageSpec.<Long, Long>scalar(f -> f, Codecs.json(Long.class)))
                    .then(StageSpec.map(n -> "k" + (n % 10) + ":" + n, Codecs.string()))
                    .then(StageSpec.keyed(s -> s.substring(0, s.indexOf(':')), group -> group.scan(new Sum(group.key(), 0, 0),
                            (acc, s) -> new Sum(acc.key(), acc.count() + 1, acc.sum() + Long.parseLong(s.substring(s.indexOf(':') + 1))))
                            .skip(1), Codecs.json(Sum.class)))
                    .toSink();
        }
    }

    private final List<RunningWorker> workers = new ArrayList<>();
    private FakeDiscovery discovery;

    @AfterEach
    void stop() {
        workers.forEach(RunningWorker::close);
        if (discovery != null) {
            discovery.close();
        }
    }

    private RunningWorker start(int stage, int workerNumber, int index) throws Exception {
        var w = new KeyedSumJob().start(new WorkerContext("sum-1", workerNumber, stage, index, 3, Map.of(), List.of(), "127.0.0.1",
                discovery.url()));
        workers.add(w);
        discovery.started(stage, workerNumber, index, w.ports().data().get(0));
        return w;
    }

    @Test
    void everyRecordCrossesTheStagesAndEachKeyIsCountedOnceAtTheSink() throws Exception {
        discovery = new FakeDiscovery("sum-1");
        discovery.stage(1, 1);
        discovery.stage(2, 2);
        discovery.stage(3, 2);
        var sink0 = start(3, 5, 0);
        var sink1 = start(3, 6, 1);
        var latest = new ConcurrentHashMap<String, long[]>();
        var readers = List.of(read(sink0, latest), read(sink1, latest));
        start(2, 3, 0);
        start(2, 4, 1);
        start(1, 1, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> latest.size() == 10
                && latest.values().stream().mapToLong(v -> v[0]).sum() == EVENTS);
        for (int k = 0; k < 10; k++) {
            long expectedSum = 0;
            for (int n = k; n < EVENTS; n += 10) {
                expectedSum += n;
            }
            assertThat(latest.get("k" + k)).as("key k" + k).containsExactly(EVENTS / 10, expectedSum);
        }
        readers.forEach(Thread::interrupt);
    }

    /** Reads the sink's SSE stream, keeping the latest count and sum per key; a key seen on two sinks fails the test. */
    private Thread read(RunningWorker sink, Map<String, long[]> latest) throws Exception {
        int port = sink.ports().data().get(0);
        var res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        var owner = new ConcurrentHashMap<String, Integer>();
        return Thread.ofVirtual().start(() -> {
            var p = java.util.regex.Pattern.compile("\"key\":\"(k\\d)\",\"count\":(\\d+),\"sum\":(\\d+)");
            try (var in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    var m = p.matcher(line);
                    if (m.find()) {
                        latest.merge(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))},
                                (a, b) -> b[0] > a[0] ? b : a);
                        owner.putIfAbsent(m.group(1), port);
                    }
                }
            } catch (java.io.IOException e) {
                // closed at the end of the test
            }
        });
    }
}
