package io.weir.agent.process;

import io.weir.core.executor.WorkerRef;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Worker processes' logs: {@code <dir>/<jobId>-<workerNumber>/worker.log} (and {@code worker.log.1}, see
 * {@link RotatingLog}); the logs of the {@code kept} most recently ended workers stay, older ones are deleted, also
 * those left by an earlier run of the agent. Thread-safe.
 */
public final class WorkerLogs {

    /** Most lines {@link #tail} returns. */
    public static final int MAX_TAIL_LINES = 10_000;
    static final String FILE = "worker.log";
    private static final int TAIL_BYTES = 1 << 20;
    private static final Logger log = LoggerFactory.getLogger(WorkerLogs.class);

    private final Path dir;
    private final long maxBytes;
    private final int kept;
    private final Deque<Path> ended = new ArrayDeque<>();

    public WorkerLogs(Path dir, long maxBytes, int kept) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.kept = kept;
        try {
            Files.createDirectories(dir);
            try (Stream<Path> old = Files.list(dir)) {
                old.filter(Files::isDirectory).sorted(Comparator.comparing(WorkerLogs::modified)).forEach(ended::add);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + dir + " for worker logs: " + e.getMessage(), e);
        }
        prune();
    }

    /** The directory holding every worker's log. */
    public Path dir() {
        return dir;
    }

    /** The directory of one worker's log. */
    public Path dirOf(WorkerRef ref) {
        return dir.resolve(ref.jobId().replaceAll("[^A-Za-z0-9_.-]", "_") + "-" + ref.workerNumber());
    }

    /** Creates the worker's log, empty. */
    RotatingLog open(WorkerRef ref) throws IOException {
        Path d = dirOf(ref);
        synchronized (ended) {
            ended.remove(d);
        }
        Files.createDirectories(d);
        Files.deleteIfExists(d.resolve(FILE + ".1"));
        Files.deleteIfExists(d.resolve(FILE));
        return new RotatingLog(d.resolve(FILE), maxBytes);
    }

    /** The worker ended: its log now counts against {@code kept}. */
    void ended(WorkerRef ref) {
        synchronized (ended) {
            ended.remove(dirOf(ref));
            ended.add(dirOf(ref));
        }
        prune();
    }

    /** The last {@code lines} lines of the worker's log (at most {@link #MAX_TAIL_LINES}), or empty when it has none. */
    public Optional<List<String>> tail(WorkerRef ref, int lines) {
        Path d = dirOf(ref);
        Path current = d.resolve(FILE);
        if (!Files.isRegularFile(current)) {
            return Optional.empty();
        }
        int n = Math.max(0, Math.min(lines, MAX_TAIL_LINES));
        try {
            var out = lastLines(current, n);
            Path rotated = d.resolve(FILE + ".1");
            if (out.size() < n && Files.isRegularFile(rotated)) {
                var older = lastLines(rotated, n - out.size());
                older.addAll(out);
                out = older;
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.of(List.of("(cannot read " + current + ": " + e.getMessage() + ")"));
        }
    }

    private static List<String> lastLines(Path file, int n) throws IOException {
        if (n == 0) {
            return new ArrayList<>();
        }
        try (var f = new RandomAccessFile(file.toFile(), "r")) {
            long length = f.length();
            int read = (int) Math.min(length, TAIL_BYTES);
            byte[] bytes = new byte[read];
            f.seek(length - read);
            f.readFully(bytes);
            var all = new String(bytes, StandardCharsets.UTF_8).lines().toList();
            if (read < length && !all.isEmpty()) {
                all = all.subList(1, all.size());
            }
            return new ArrayList<>(all.subList(Math.max(0, all.size() - n), all.size()));
        }
    }

    /** Deletes every log and the directory's parent (the agent's temporary data directory). */
    public void delete() {
        synchronized (ended) {
            ended.clear();
        }
        try (Stream<Path> files = Files.walk(dir.getParent())) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.debug("Cannot delete {}: {}", dir.getParent(), e.getMessage());
        }
    }

    private void prune() {
        var doomed = new ArrayList<Path>();
        synchronized (ended) {
            while (ended.size() > kept) {
                doomed.add(ended.removeFirst());
            }
        }
        for (Path d : doomed) {
            try (Stream<Path> files = Files.walk(d)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                log.debug("Cannot delete the old worker log {}: {}", d, e.getMessage());
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
