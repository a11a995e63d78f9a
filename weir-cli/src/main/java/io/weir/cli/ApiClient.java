package io.weir.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.core.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The CLI's calls to a master. A 4xx answer becomes an {@link IllegalArgumentException} carrying the master's message
 * (exit code 1); an unreachable master or a 5xx becomes an {@link IllegalStateException} (exit code 2).
 */
final class ApiClient {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final ObjectMapper json = Json.lenient();
    private final String base;

    ApiClient(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET(), path);
    }

    JsonNode post(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), path);
    }

    JsonNode delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).DELETE(), path);
    }

    String base() {
        return base;
    }

    private JsonNode send(HttpRequest.Builder request, String path) {
        HttpResponse<String> res;
        try {
            res = http.send(request.timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the master at " + base + " (" + e.getClass().getSimpleName()
                    + "); is it running? start one with 'weir up' or 'weir master', or pass --master URL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
        JsonNode body;
        try {
            body = res.body().isBlank() ? json.createObjectNode() : json.readTree(res.body());
        } catch (IOException e) {
            throw new IllegalStateException("the master answered " + res.statusCode() + " with something that is not JSON");
        }
        int status = res.statusCode();
        if (status >= 400 && status < 500) {
            throw new IllegalArgumentException(body.path("error").asText("HTTP " + status + " for " + path));
        }
        if (status >= 500) {
            throw new IllegalStateException("the master failed (" + status + "): " + body.path("error").asText(res.body()));
        }
        return body;
    }
}
