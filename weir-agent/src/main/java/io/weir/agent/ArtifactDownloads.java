package io.weir.agent;

import io.weir.core.model.ArtifactPolicy;
import io.weir.core.model.FailureKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

/**
 * Turns an artifact into a verified jar on this agent's disk: {@code http(s):} artifacts are downloaded (see
 * {@link HttpArtifactFetcher}), {@code master:<sha256>} ones fetched from the master, local ones with a SHA-256
 * copied, and each is checked against its SHA-256 before it enters the {@link ArtifactCache} (keyed by that digest), so
 * nothing unverified is ever loaded. Concurrent requests
 * for one artifact (same location and digest) share one download. Blocking; thread-safe; the directory is deleted on close.
 */
final class ArtifactDownloads implements AutoCloseable {

    /** Fetches an artifact the master stores ({@code master:<sha256>}) into a file; returns its SHA-256. */
    @FunctionalInterface
    interface StoredArtifacts {
        String fetch(String artifact, String sha256, Path target, long maxBytes) throws WorkerLoadException;
    }

    private final ArtifactSettings settings;
    private final HttpArtifactFetcher http;
    private final StoredArtifacts master;
    private final Map<String, CompletableFuture<Path>> inFlight = new ConcurrentHashMap<>();
    private Path dir;
    private ArtifactCache cache;

    ArtifactDownloads(ArtifactSettings settings) {
        this(settings, (artifact, sha, target, max) -> {
            throw new WorkerLoadException("artifact '" + artifact + "' is stored on the master, and this agent has none to fetch it from");
        });
    }

    /** As above; {@code master:<sha256>} artifacts come from {@code master}. */
    ArtifactDownloads(ArtifactSettings settings, StoredArtifacts master) {
        this.settings = settings;
        this.http = new HttpArtifactFetcher(settings);
        this.master = master;
    }

    /**
     * The jar for {@code artifact}: downloaded or copied and verified when {@code sha256} is given (a local artifact
     * without one is used in place). Fails {@link FailureKind#PERMANENT} on a digest mismatch.
     */
    Path fetch(String artifact, Path local, String sha256) throws WorkerLoadException {
        if (local != null && sha256 == null) {
            return local;
        }
        String key = sha256 != null ? sha256.toLowerCase(Locale.ROOT) : "url-" + digest(artifact);
        Path cached = cache().get(key);
        if (cached != null) {
            return cached;
        }
        var mine = new CompletableFuture<Path>();
        String flight = key + " " + artifact;
        var existing = inFlight.putIfAbsent(flight, mine);
        if (existing == null) {
            try {
                mine.complete(load(artifact, local, key, sha256));
            } catch (WorkerLoadException | RuntimeException e) {
                mine.completeExceptionally(e);
            } finally {
                inFlight.remove(flight, mine);
            }
        }
        try {
            return (existing == null ? mine : existing).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkerLoadException("artifact '" + artifact + "': interrupted while downloading", e, FailureKind.TRANSIENT);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WorkerLoadException w) {
                throw new WorkerLoadException(w.getMessage(), w, w.kind());
            }
            throw new WorkerLoadException("artifact '" + artifact + "' could not be fetched: " + WorkerSlot.describe(e.getCause()),
                    e.getCause(), FailureKind.TRANSIENT);
        }
    }

    private Path load(String artifact, Path local, String key, String expected) throws WorkerLoadException {
        Path cached = cache().get(key);
        if (cached != null) {
            return cached;
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "download-", ".part");
            String stored = ArtifactPolicy.storedDigest(artifact);
            String actual = stored != null ? master.fetch(artifact, stored, temp, settings.maxBytes())
                    : local == null ? http.fetch(artifact, temp) : copy(artifact, local, temp);
            if (expected != null && !actual.equalsIgnoreCase(expected)) {
                throw new WorkerLoadException("artifact " + artifact + ": SHA-256 is " + actual + ", expected "
                        + expected.toLowerCase(Locale.ROOT));
            }
            Path verified = cache().put(key, temp);
            temp = null;
            return verified;
        } catch (IOException e) {
            throw new WorkerLoadException("artifact '" + artifact + "' could not be stored on the agent: " + WorkerSlot.describe(e),
                    e, FailureKind.TRANSIENT);
        } finally {
            deleteQuietly(temp);
        }
    }

    private String copy(String artifact, Path local, Path temp) throws IOException, WorkerLoadException {
        try (InputStream in = Files.newInputStream(local)) {
            return DigestingCopy.copy(in, temp, settings.maxBytes(), () -> { });
        } catch (DigestingCopy.TooLargeException e) {
            throw new WorkerLoadException("artifact '" + artifact + "' is over the limit of " + settings.maxBytes()
                    + " bytes (raise WEIR_ARTIFACT_MAX_BYTES on the agents if it is meant to be this large)");
        }
    }

    private synchronized ArtifactCache cache() throws WorkerLoadException {
        if (cache == null) {
            try {
                dir = Files.createTempDirectory("weir-agent-artifacts-");
            } catch (IOException e) {
                throw new WorkerLoadException("cannot create the artifact directory: " + WorkerSlot.describe(e), e, FailureKind.TRANSIENT);
            }
            cache = new ArtifactCache(dir, settings.cacheBytes());
        }
        return cache;
    }

    private static String digest(String text) {
        return HexFormat.of().formatHex(DigestingCopy.sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a leftover partial file is removed with the directory on close
            }
        }
    }

    @Override
    public synchronized void close() {
        http.close();
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
        cache = null;
    }
}
