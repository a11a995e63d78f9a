package io.weir.cli;

import io.weir.core.security.SecretFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the CLI finds the master's bearer token, first found wins: {@code --token}, {@code WEIR_TOKEN},
 * {@code --token-file}, {@code WEIR_TOKEN_FILE}, {@code ~/.weir/token}, then {@code ./weir-data/secrets/admin.token}
 * (what {@code weir up} and a master in this directory generate).
 */
final class TokenSource {

    static final Path DEFAULT_FILE = Path.of("weir-data", "secrets", SecretFiles.ADMIN_TOKEN);

    private TokenSource() {
    }

    /** The token, or null when none of the places has one. */
    static String find(String flag, Path flagFile) {
        if (flag != null && !flag.isBlank()) {
            return flag.strip();
        }
        String env = System.getenv("WEIR_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        if (flagFile != null) {
            return read(flagFile, true);
        }
        String envFile = System.getenv("WEIR_TOKEN_FILE");
        if (envFile != null && !envFile.isBlank()) {
            return read(Path.of(envFile), true);
        }
        String home = System.getProperty("user.home");
        String fromHome = home == null ? null : read(Path.of(home, ".weir", "token"), false);
        return fromHome != null ? fromHome : read(DEFAULT_FILE, false);
    }

    private static String read(Path file, boolean required) {
        if (!required && !Files.isReadable(file)) {
            return null;
        }
        try {
            String token = SecretFiles.read(file);
            return token.isEmpty() ? null : token;
        } catch (IOException e) {
            throw new IllegalArgumentException("token file " + file + " cannot be read (" + e.getMessage() + ")");
        }
    }
}
