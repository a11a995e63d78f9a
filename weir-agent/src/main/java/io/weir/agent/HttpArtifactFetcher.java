package io.weir.agent;

import io.weir.core.model.FailureKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Downloads one {@code http(s):} artifact into a file, streaming (never held in memory), at most
 * {@link ArtifactSettings#maxBytes()} bytes. Redirects are followed here, at most {@value #MAX_REDIRECTS}, and only to
 * locations the policy allows. Thread-safe.
 */
final class HttpArtifactFetcher implements AutoCloseable {

    static final int MAX_REDIRECTS = 5;

    private final ArtifactSettings settings;
    private final HttpClient client;

    HttpArtifactFetcher(ArtifactSettings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofMillis(settings.connectTimeoutMillis()))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Downloads {@code url} into {@code target} and returns its hex SHA-256. */
    String fetch(String url, Path target) throws WorkerLoadException {
        URI current = URI.create(url);
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            HttpResponse<InputStream> res = send(url, current);
            try (InputStream body = res.body()) {
                int status = res.statusCode();
                if (status == 200) {
                    return save(url, res, body, target);
                }
                var location = res.headers().firstValue("Location");
                if (status >= 300 && status < 400 && location.isPresent()) {
                    current = next(url, current, location.get());
                    continue;
                }
                var kind = status >= 400 && status < 500 ? FailureKind.PERMANENT : FailureKind.TRANSIENT;
                throw new WorkerLoadException("artifact '" + url + "' could not be downloaded: HTTP " + status + " from " + current, null, kind);
            } catch (IOException e) {
                throw transientFailure(url, e);
            }
        }
        throw new WorkerLoadException("artifact '" + url + "' could not be downloaded: more than " + MAX_REDIRECTS + " redirects");
    }

    private HttpResponse<InputStream> send(String url, URI uri) throws WorkerLoadException {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(settings.readTimeoutMillis())).GET().build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerLoadException("artifact '" + url + "': interrupted while downloading", e, FailureKind.TRANSIENT);
        } catch (IOException e) {
            throw transientFailure(url, e);
        }
    }

    private URI next(String url, URI current, String location) throws WorkerLoadException {
        URI target;
        try {
            target = current.resolve(location);
        } catch (IllegalArgumentException e) {
            throw new WorkerLoadException("artifact '" + url + "' could not be downloaded: redirect to an invalid location '" + location + "'");
        }
        String problem = settings.policy().locationProblem(target.toString());
        if (problem != null) {
            throw new WorkerLoadException("artifact '" + url + "' redirects to " + target + ", refused: " + problem);
        }
        return target;
    }

    private String save(String url, HttpResponse<InputStream> res, InputStream body, Path target) throws IOException, WorkerLoadException {
        long declared = res.headers().firstValueAsLong("Content-Length").orElse(-1);
        if (declared > settings.maxBytes()) {
            throw tooLarge(url, declared + " bytes");
        }
        try (var watchdog = new ReadWatchdog(body, settings.readTimeoutMillis())) {
            String sha;
            try {
                sha = DigestingCopy.copy(body, target, settings.maxBytes(), watchdog::progress);
            } catch (DigestingCopy.TooLargeException e) {
                throw tooLarge(url, "more than that");
            }
            if (watchdog.fired()) {
                throw new WorkerLoadException("artifact '" + url + "' could not be downloaded: no data for "
                        + settings.readTimeoutMillis() + " ms (WEIR_ARTIFACT_READ_TIMEOUT_MS)", null, FailureKind.TRANSIENT);
            }
            return sha;
        }
    }

    private WorkerLoadException tooLarge(String url, String size) {
        return new WorkerLoadException("artifact '" + url + "' is " + size + ", over the limit of " + settings.maxBytes()
                + " bytes (raise WEIR_ARTIFACT_MAX_BYTES on the agents if it is meant to be this large)");
    }

    private WorkerLoadException transientFailure(String url, IOException e) {
        String why = e instanceof HttpTimeoutException
                ? "no answer within " + settings.readTimeoutMillis() + " ms (WEIR_ARTIFACT_READ_TIMEOUT_MS)"
                : WorkerSlot.describe(e);
        return new WorkerLoadException("artifact '" + url + "' could not be downloaded: " + why, e, FailureKind.TRANSIENT);
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
