package io.weir.agent;

import io.weir.core.model.FailureKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Downloads {@code http(s):} artifacts once per URL into the agent's own temporary directory, deleted on close.
 * Blocking; safe from many threads (concurrent requests for one URL share one download).
 */
final class ArtifactDownloads implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Map<String, CompletableFuture<Path>> byUrl = new ConcurrentHashMap<>();
    private volatile Path dir;

    Path fetch(String url) throws WorkerLoadException {
        var mine = new CompletableFuture<Path>();
        var existing = byUrl.putIfAbsent(url, mine);
        if (existing == null) {
            try {
                mine.complete(download(url));
            } catch (RuntimeException | IOException e) {
                byUrl.remove(url, mine);
                mine.completeExceptionally(reactor.core.Exceptions.unwrap(e));
            }
        }
        try {
            return (existing == null ? mine : existing).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerLoadException("artifact '" + url + "': interrupted while downloading");
        } catch (ExecutionException e) {
            var kind = e.getCause() instanceof ArtifactStatusException s && s.status >= 400 && s.status < 500
                    ? FailureKind.PERMANENT : FailureKind.TRANSIENT;
            throw new WorkerLoadException("artifact '" + url + "' could not be downloaded: " + WorkerSlot.describe(e.getCause()),
                    e.getCause(), kind);
        }
    }

    private Path download(String url) throws IOException {
        byte[] bytes = HttpClient.create().followRedirect(true).responseTimeout(TIMEOUT).get().uri(url)
                .responseSingle((res, body) -> res.status().code() == 200
                        ? body.asByteArray().defaultIfEmpty(new byte[0])
                        : Mono.error(new ArtifactStatusException(res.status().code())))
                .block(TIMEOUT);
        Path target = Files.createTempFile(directory(), "artifact-", ".jar");
        Files.write(target, bytes == null ? new byte[0] : bytes);
        return target;
    }

    private synchronized Path directory() throws IOException {
        if (dir == null) {
            dir = Files.createTempDirectory("weir-agent-artifacts-");
        }
        return dir;
    }

    /** The artifact server answered something other than 200: 4xx means the artifact is not there, 5xx may heal. */
    private static final class ArtifactStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        ArtifactStatusException(int status) {
            super("HTTP " + status);
            this.status = status;
        }
    }

    @Override
    public synchronized void close() {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            org.slf4j.LoggerFactory.getLogger(ArtifactDownloads.class).warn("Could not delete downloaded artifacts in {}: {}", dir, e.getMessage());
        }
        dir = null;
    }
}
