package io.weir.core.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secrets a master generates at first start in {@code <dataDir>/secrets/}: {@code cluster-secret},
 * {@code admin.token}, {@code read.token}, each readable by its owner only (0600, in a 0700 directory). Created once,
 * then read.
 */
public final class SecretFiles {

    public static final String CLUSTER_SECRET = "cluster-secret";
    public static final String ADMIN_TOKEN = "admin.token";
    public static final String READ_TOKEN = "read.token";

    private static final SecureRandom RANDOM = new SecureRandom();

    private SecretFiles() {
    }

    /** The secrets directory of a master's data directory. */
    public static Path dir(Path dataDir) {
        return dataDir.resolve("secrets");
    }

    /** The content of {@code dir/name}, creating it with 32 random bytes (base64url, mode 0600) when missing. */
    public static String readOrCreate(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            if (!Files.exists(file)) {
                create(dir, file, random());
            }
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or read the secret " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first line of {@code file}, stripped. */
    public static String read(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        int eol = text.indexOf('\n');
        return eol < 0 ? text : text.substring(0, eol).strip();
    }

    /** A new random token: 32 bytes from a {@link SecureRandom}, base64url without padding. */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void create(Path dir, Path file, String content) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
        }
        boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
        try {
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
        } catch (FileAlreadyExistsException e) {
            return;
        }
        Files.writeString(file, content + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }
}
