package io.weir.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCacheTest {

    @TempDir
    Path dir;

    @Test
    void theLeastRecentlyUsedArtifactsAreEvictedOverTheLimit() throws Exception {
        var cache = new ArtifactCache(dir, 250);
        cache.put("a", file("a", 100));
        cache.put("b", file("b", 100));
        assertThat(cache.get("a")).isNotNull();
        cache.put("c", file("c", 100));

        assertThat(cache.get("b")).isNull();
        assertThat(dir.resolve("b.jar")).doesNotExist();
        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("c")).isNotNull();
        assertThat(cache.totalBytes()).isEqualTo(200);

        cache.put("huge", file("huge", 1000));
        assertThat(cache.get("huge")).as("the newest stays, even alone over the limit").isNotNull();
        assertThat(cache.totalBytes()).isEqualTo(1000);
    }

    private Path file(String name, int size) throws Exception {
        return Files.write(dir.resolve(name + ".part"), new byte[size]);
    }
}
