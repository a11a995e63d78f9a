package io.weir.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verified artifacts on disk, keyed by name (the SHA-256, or a digest of the URL when unverified), at most
 * {@code maxBytes} in total: adding one evicts the least recently used others. A jar evicted while a worker runs stays
 * readable by that worker (its loader holds the file open). Thread-safe.
 */
final class ArtifactCache {

    private static final Logger log = LoggerFactory.getLogger(ArtifactCache.class);

    private final Path dir;
    private final long maxBytes;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    private record Entry(Path file, long size) {
    }

    ArtifactCache(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /** The cached file named {@code key}, marked as just used; null when absent. */
    synchronized Path get(String key) {
        var e = entries.get(key);
        return e != null && Files.isRegularFile(e.file) ? e.file : null;
    }

    /** Moves {@code verified} into the cache as {@code key} and evicts the least recently used others over the limit. */
    synchronized Path put(String key, Path verified) throws IOException {
        Path target = dir.resolve(key + ".jar");
        long size = Files.size(verified);
        Files.move(verified, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        var old = entries.put(key, new Entry(target, size));
        totalBytes += size - (old == null ? 0 : old.size);
        evict(key);
        return target;
    }

    synchronized long totalBytes() {
        return totalBytes;
    }

    private void evict(String keep) {
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext() && totalBytes > maxBytes; ) {
            var e = it.next();
            if (e.getKey().equals(keep)) {
                continue;
            }
            it.remove();
            totalBytes -= e.getValue().size;
            try {
                Files.deleteIfExists(e.getValue().file);
            } catch (IOException ex) {
                log.warn("Could not delete cached artifact {}: {}", e.getValue().file, ex.getMessage());
            }
        }
    }
}
