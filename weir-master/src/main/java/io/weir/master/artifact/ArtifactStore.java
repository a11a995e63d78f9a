package io.weir.master.artifact;

import io.weir.core.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Job artifacts uploaded to the master, kept content-addressed in {@code <dataDir>/artifacts/<sha256>.jar}: a jar is
 * streamed to a temporary file while its SHA-256 is computed, at most {@code maxBytes} ({@value #MAX_BYTES_VARIABLE}),
 * then moved under its digest, so the same bytes are stored once and a stored file never changes. Thread-safe.
 */
public final class ArtifactStore {

    /** The largest artifact the master stores; agents have their own limit under the same name. */
    public static final String MAX_BYTES_VARIABLE = "WEIR_ARTIFACT_MAX_BYTES";
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;
    private final long maxBytes;

    public ArtifactStore(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    /**
     * The store under {@code dataDir}, limited by {@value #MAX_BYTES_VARIABLE}, without the partial uploads a previous
     * run left behind.
     */
    public static ArtifactStore in(Path dataDir, Settings settings) {
        var store = new ArtifactStore(dataDir.resolve("artifacts"), settings.longValue(MAX_BYTES_VARIABLE, DEFAULT_MAX_BYTES, 1));
        store.deletePartialUploads();
        return store;
    }

    private void deletePartialUploads() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var parts = Files.newDirectoryStream(dir, "upload-*.part")) {
            for (Path p : parts) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot clean " + dir + " of partial uploads: " + e.getMessage(), e);
        }
    }

    /** A stored artifact: its digest, size, and whether these bytes were already stored. */
    public record Stored(String sha256, long bytes, boolean existed) {
    }

    /** Thrown when an upload is over {@link #maxBytes()}. */
    public static final class TooLargeException extends IOException {

        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /** What to tell a client whose artifact is over the limit; {@code declaredBytes} null when it arrived without a length. */
    public String tooLargeMessage(Long declaredBytes) {
        return "artifact is " + (declaredBytes == null ? "larger than" : declaredBytes + " bytes, over") + " the master's limit of "
                + maxBytes + " bytes (raise " + MAX_BYTES_VARIABLE + " on the master and the agents if it is meant to be this large)";
    }

    /** Reads {@code in} to its end (blocking) and stores it under its SHA-256. */
    public Stored store(InputStream in) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, "upload-", ".part");
        try {
            var digest = sha256();
            long n = 0;
            try (var digesting = new DigestInputStream(in, digest); var out = Files.newOutputStream(temp)) {
                byte[] buf = new byte[64 * 1024];
                int r;
                while ((r = digesting.read(buf)) != -1) {
                    n += r;
                    if (n > maxBytes) {
                        throw new TooLargeException(tooLargeMessage(null));
                    }
                    out.write(buf, 0, r);
                }
            }
            String sha = HexFormat.of().formatHex(digest.digest());
            Path target = file(sha);
            boolean existed = Files.isRegularFile(target);
            if (!existed) {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return new Stored(sha, n, existed);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The stored jar with this digest (any case), or null when there is none or {@code sha256} is not 64 hex digits. */
    public Path find(String sha256) {
        String sha = sha256 == null ? "" : sha256.toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(sha).matches()) {
            return null;
        }
        Path f = file(sha);
        return Files.isRegularFile(f) ? f : null;
    }

    private Path file(String sha) {
        return dir.resolve(sha + ".jar");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
