package io.weir.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A demo's data directory: the one given with {@code --data-dir}, kept; else a temporary one, deleted when it ends. */
final class DemoDirectory {

    private final Path path;
    private final boolean temporary;

    private DemoDirectory(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    /** {@code given} when set, else a new temporary directory named {@code prefix...}. */
    static DemoDirectory of(Path given, String prefix) {
        if (given != null) {
            return new DemoDirectory(given, false);
        }
        try {
            return new DemoDirectory(Files.createTempDirectory(prefix), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory for the demo (give one with --data-dir)", e);
        }
    }

    Path path() {
        return path;
    }

    /** Deletes a temporary directory with everything in it (call after the processes writing there stopped). */
    void deleteIfTemporary() {
        if (!temporary || !Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("weir: could not delete " + path + ": " + e.getMessage());
        }
    }
}
