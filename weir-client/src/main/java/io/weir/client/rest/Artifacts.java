package io.weir.client.rest;

import io.weir.client.internal.MasterHttp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import reactor.core.publisher.Mono;

/** Job artifacts stored on the master: {@code POST /api/v1/artifacts}. */
public final class Artifacts {

    private final MasterHttp http;

    public Artifacts(MasterHttp http) {
        this.http = http;
    }

    /**
     * A jar on the master: {@code artifact} ({@code master:<sha256>}) is what a job cluster definition names, with
     * {@code sha256} as its {@code artifactSha256}.
     */
    public record StoredArtifact(String artifact, String sha256, long bytes) {
    }

    /** Uploads {@code jar} (admin token); the master keeps it by its SHA-256, so uploading the same bytes again is cheap. */
    public StoredArtifact upload(Path jar) {
        return uploadAsync(jar).block();
    }

    public Mono<StoredArtifact> uploadAsync(Path jar) {
        Objects.requireNonNull(jar, "jar");
        if (!Files.isRegularFile(jar)) {
            return Mono.error(new IllegalArgumentException("no such file: " + jar));
        }
        return http.postFile(http.url("/api/v1/artifacts", Map.of()), jar, "application/java-archive")
                .map(res -> http.read(res, StoredArtifact.class));
    }
}
