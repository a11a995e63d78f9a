package io.weir.agent;

import io.weir.core.model.ArtifactPolicy;
import java.util.List;

/** Fetches one artifact in a process of its own, for tests that bound its heap: {@code URL SHA MAX_BYTES}; prints the outcome. */
public final class ArtifactFetchMain {

    private ArtifactFetchMain() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        var settings = ArtifactSettings.DEFAULTS.withMaxBytes(Long.parseLong(args[2]))
                .withPolicy(new ArtifactPolicy(List.of(url.substring(0, url.lastIndexOf('/') + 1)), true));
        try (var downloads = new ArtifactDownloads(settings)) {
            var path = downloads.fetch(url, null, args[1]);
            System.out.println("OK " + java.nio.file.Files.size(path));
        } catch (WorkerLoadException e) {
            System.out.println(e.kind() + " " + e.getMessage());
        }
    }
}
