package io.weir.master.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Reads a Server-Sent Events stream on a virtual thread, queueing each {@code data:} payload as JSON. */
public final class SseClient implements AutoCloseable {

    private final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    private final ObjectMapper json = Json.lenient();
    private final HttpClient client = HttpClient.newHttpClient();
    private final int status;
    private final Thread reader;
    private volatile boolean completed;
    private final java.io.InputStream body;

    /** A stream opened with the test admin token. */
    public SseClient(String url) throws IOException, InterruptedException {
        this(url, TestSecrets.ADMIN_TOKEN);
    }

    /** A stream opened presenting {@code token} (null: no credential). */
    public SseClient(String url, String token) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        var res = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = res.statusCode();
        body = res.body();
        reader = Thread.ofVirtual().start(() -> {
            try (var in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("data:")) {
                        events.add(json.readTree(line.substring(5).trim()));
                    }
                }
            } catch (IOException e) {
                // closed by the test or by the server
            } finally {
                completed = true;
            }
        });
    }

    public int status() {
        return status;
    }

    /** The next event within {@code seconds}, or an AssertionError. */
    public JsonNode next(long seconds) throws InterruptedException {
        JsonNode e = events.poll(seconds, TimeUnit.SECONDS);
        if (e == null) {
            throw new AssertionError("no SSE event within " + seconds + " s");
        }
        return e;
    }

    /** The next event that is not a heartbeat. */
    public JsonNode nextNonHeartbeat(long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode e = events.poll(Math.max(left, 0), TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no non-heartbeat SSE event within " + seconds + " s");
            }
            if (!e.path("jobId").asText().equals("HB_JobId") && !e.path("name").asText().equals("HB_NamedJob")) {
                return e;
            }
        }
    }

    public boolean isCompleted() {
        return completed;
    }

    @Override
    public void close() throws IOException {
        body.close();
        reader.interrupt();
    }
}
