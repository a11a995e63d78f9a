package io.weir.master.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.config.Settings;
import io.weir.master.artifact.ArtifactStore;
import io.weir.master.testing.MasterFixture;
import io.weir.master.testing.Stores;
import io.weir.master.testing.TestSecrets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v1/artifacts} and {@code GET /api/v1/artifacts/{sha256}}: jars kept by their SHA-256 in the data dir. */
class ArtifactRoutesTest {

    private static final String LIMIT = Settings.propertyName(ArtifactStore.MAX_BYTES_VARIABLE);

    @TempDir
    Path dataDir;
    private MasterFixture fixture;
    private final HttpClient client = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        fixture.close();
        System.clearProperty(LIMIT);
    }

    @Test
    void anUploadedJarIsStoredByItsDigestAndServedBack() throws Exception {
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        byte[] jar = "PK fake jar bytes".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jar));

        var created = upload(TestSecrets.ADMIN_TOKEN, jar);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).contains("\"artifact\":\"master:" + sha + "\"").contains("\"bytes\":" + jar.length);
        assertThat(Files.readAllBytes(dataDir.resolve("artifacts/" + sha + ".jar"))).isEqualTo(jar);
        assertThat(upload(TestSecrets.ADMIN_TOKEN, jar).statusCode()).as("the same bytes again").isEqualTo(200);

        var back = client.send(get(sha, TestSecrets.READ_TOKEN), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).isEqualTo(jar);
        var missing = client.send(get("0".repeat(64), TestSecrets.READ_TOKEN), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no artifact with SHA-256").contains("weir clusters create FILE --artifact JAR");
        assertThat(upload(TestSecrets.READ_TOKEN, jar).statusCode()).as("a read token uploads nothing").isEqualTo(403);
        assertThat(upload(TestSecrets.ADMIN_TOKEN, new byte[0]).statusCode()).isEqualTo(400);

        String cluster = "{\"name\":\"art\",\"jobClass\":\"a.B\",\"artifact\":\"master:%s\",\"stages\":{\"1\":{}}}";
        var unknown = fixture.http().post("/api/v1/jobClusters", cluster.formatted("1".repeat(64)));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.text()).contains("this master has no jar with that SHA-256").contains("--artifact JAR");
        var known = fixture.http().post("/api/v1/jobClusters", cluster.formatted(sha));
        assertThat(known.status()).as(known.text()).isEqualTo(201);
    }

    @Test
    void partialUploadsOfAPreviousRunAreDeletedAtStart() throws Exception {
        Files.createDirectories(dataDir.resolve("artifacts"));
        Files.writeString(dataDir.resolve("artifacts/upload-123.part"), "half a jar");
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        assertThat(dataDir.resolve("artifacts/upload-123.part")).doesNotExist();
    }

    @Test
    void aJarOverTheLimitIsRefusedWith413SayingWhichSettingRaisesIt() throws Exception {
        System.setProperty(LIMIT, "1000");
        fixture = new MasterFixture(Stores.h2(dataDir), dataDir, MasterFixture.FAST).start();
        var declared = upload(TestSecrets.ADMIN_TOKEN, new byte[1001]);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).contains("artifact is 1001 bytes, over the master's limit of 1000 bytes")
                .contains("WEIR_ARTIFACT_MAX_BYTES");
        var streamed = client.send(HttpRequest.newBuilder(URI.create(fixture.http().base() + "/api/v1/artifacts"))
                .header("Authorization", "Bearer " + TestSecrets.ADMIN_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[5000]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(streamed.statusCode()).as("no Content-Length: counted as it arrives").isEqualTo(413);
        assertThat(streamed.body()).contains("artifact is larger than the master's limit of 1000 bytes");
        try (var files = Files.list(dataDir.resolve("artifacts"))) {
            assertThat(files).as("nothing kept of a refused upload").isEmpty();
        }
    }

    private HttpResponse<String> upload(String token, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(fixture.http().base() + "/api/v1/artifacts"))
                .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest get(String sha, String token) {
        return HttpRequest.newBuilder(URI.create(fixture.http().base() + "/api/v1/artifacts/" + sha))
                .header("Authorization", "Bearer " + token).GET().build();
    }
}
