package io.weir.runtime.sink;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** A test consumer: reads a sink's SSE stream on a virtual thread and keeps every {@code data:} payload. */
final class SseClient implements AutoCloseable {

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Queue<String> payloads = new ConcurrentLinkedQueue<>();
    private final AtomicInteger records = new AtomicInteger();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Stream<String> lines;

    private SseClient() {
    }

    /** Connects to {@code http://127.0.0.1:port/?query} and starts reading. */
    static SseClient connect(int port, String query) {
        var client = new SseClient();
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/?" + query)).GET().build();
        client.http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(response -> {
            client.lines = response.body();
            Thread.ofVirtual().start(() -> client.read(response.body()));
        });
        return client;
    }

    private void read(Stream<String> body) {
        try {
            body.forEach(line -> {
                if (line.startsWith("data: ")) {
                    String payload = line.substring("data: ".length());
                    payloads.add(payload);
                    if (payload.startsWith("{\"seq\"")) {
                        records.incrementAndGet();
                    }
                }
            });
        } catch (RuntimeException e) {
            // the connection was closed under the reader
        } finally {
            ended.set(true);
        }
    }

    /** Payloads of records (JSON objects with a {@code seq}), in arrival order. */
    List<String> records() {
        return payloads.stream().filter(p -> p.startsWith("{\"seq\"")).toList();
    }

    /** How many records arrived. */
    int recordCount() {
        return records.get();
    }

    /** Every payload, pings and meta events included. */
    List<String> payloads() {
        return new ArrayList<>(payloads);
    }

    /** Whether the server ended the stream. */
    boolean ended() {
        return ended.get();
    }

    @Override
    public void close() {
        Stream<String> s = lines;
        if (s != null) {
            s.close();
        }
        http.shutdownNow();
    }
}
