package io.weir.master.security;

import io.weir.core.config.ConfigException;
import io.weir.core.security.JobTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bearer tokens of people and tools, each with a role and a name; looked up in constant time per token. */
public final class UserTokens {

    /** The shortest token accepted. */
    static final int MIN_CHARS = 16;

    private record Entry(String token, Principal.User user) {
    }

    private final List<Entry> entries;

    private UserTokens(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** No tokens. */
    public static UserTokens none() {
        return new UserTokens(List.of());
    }

    /** A token with a role and name added. */
    public UserTokens with(String token, Role role, String name) {
        if (token == null || token.strip().length() < MIN_CHARS) {
            throw new ConfigException("token of " + name + ": shorter than " + MIN_CHARS + " characters (generate one with: "
                    + "head -c 32 /dev/urandom | base64)");
        }
        var list = new ArrayList<>(entries);
        list.add(new Entry(token.strip(), new Principal.User(name, role)));
        return new UserTokens(list);
    }

    /** These tokens and the lines {@code <token> <read|service|admin> <name>} of {@code file} ({@code #} comments, blank lines skipped). */
    public UserTokens withFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("WEIR_TOKENS_FILE: cannot read " + file + " (" + e.getMessage() + ")");
        }
        var tokens = this;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+", 3);
            Role role = parts.length == 3 ? Role.parse(parts[1]) : null;
            if (role == null) {
                throw new ConfigException("WEIR_TOKENS_FILE " + file + " line " + (i + 1)
                        + ": expected '<token> <read|service|admin> <name>'");
            }
            tokens = tokens.with(parts[0], role, parts[2]);
        }
        return tokens;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The user whose token {@code presented} is, or null; compares with every token, each in constant time. */
    Principal.User find(String presented) {
        Principal.User found = null;
        for (var e : entries) {
            if (JobTokens.same(e.token(), presented) && found == null) {
                found = e.user();
            }
        }
        return found;
    }
}
