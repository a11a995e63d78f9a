package io.weir.core.model;

import io.weir.core.config.ConfigException;
import io.weir.core.config.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which job artifacts may be loaded. An {@code http(s):} artifact must start with one of {@code allowedPrefixes} (none by
 * default); a local artifact (a path or {@code file:} URL) is allowed anywhere unless a {@code file:} prefix is listed,
 * then only under one. With {@code requireSha256} every artifact needs a well-formed {@code artifactSha256}. The master
 * and every agent apply their own policy.
 */
public record ArtifactPolicy(List<String> allowedPrefixes, boolean requireSha256) {

    public static final String PREFIXES_VARIABLE = "WEIR_ARTIFACT_ALLOWED_PREFIXES";
    public static final String REQUIRE_SHA_VARIABLE = "WEIR_ARTIFACT_REQUIRE_SHA256";
    /** The scheme of artifacts the master stores: {@code master:<sha256>}. */
    public static final String MASTER_SCHEME = "master:";
    /** Lower-case hex SHA-256, 64 characters. */
    public static final Pattern SHA256 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern ESCAPED_SEPARATORS = Pattern.compile("(?i).*(%2e|%2f|%5c|\\\\).*");

    /** No http(s) prefix allowed, SHA-256 required. */
    public static final ArtifactPolicy DEFAULT = new ArtifactPolicy(List.of(), true);

    public ArtifactPolicy {
        allowedPrefixes = List.copyOf(allowedPrefixes);
        for (String p : allowedPrefixes) {
            String lower = p.toLowerCase(Locale.ROOT);
            boolean remote = lower.startsWith("http://") || lower.startsWith("https://");
            if (!(remote || lower.startsWith("file:/")) || !p.endsWith("/") || (remote && !hasHost(p))) {
                throw new ConfigException(PREFIXES_VARIABLE + ": '" + p + "' (expected: URL prefixes ending in '/', e.g."
                        + " https://repo.example.com/jobs/ or file:/opt/weir/jobs/)");
            }
        }
    }

    private static boolean hasHost(String url) {
        try {
            return URI.create(url).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** From {@value #PREFIXES_VARIABLE} (comma-separated) and {@value #REQUIRE_SHA_VARIABLE} (default true). */
    public static ArtifactPolicy fromSettings(Settings s) {
        var prefixes = new ArrayList<String>();
        String text = s.get(PREFIXES_VARIABLE);
        if (text != null) {
            for (String p : text.split(",")) {
                if (!p.isBlank()) {
                    prefixes.add(p.strip());
                }
            }
        }
        return new ArtifactPolicy(prefixes, s.bool(REQUIRE_SHA_VARIABLE, true));
    }

    /** This policy with other prefixes. */
    public ArtifactPolicy withAllowedPrefixes(List<String> prefixes) {
        return new ArtifactPolicy(prefixes, requireSha256);
    }

    /** This policy with or without the SHA-256 requirement. */
    public ArtifactPolicy withRequireSha256(boolean require) {
        return new ArtifactPolicy(allowedPrefixes, require);
    }

    /** What is wrong with loading {@code artifact} (null: the agent's class path) with digest {@code sha256}, or null. */
    public String problem(String artifact, String sha256) {
        if (artifact == null) {
            return sha256 == null ? null : "artifactSha256: given without an artifact (expected: both, or neither for classes on the agents' class path)";
        }
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            return "artifactSha256: '" + sha256 + "' (expected: 64 hex digits, the output of sha256sum of the jar)";
        }
        String stored = storedDigest(artifact);
        if (stored != null || artifact.regionMatches(true, 0, MASTER_SCHEME, 0, MASTER_SCHEME.length())) {
            if (stored == null) {
                return "artifact " + artifact + " (expected: " + MASTER_SCHEME + "<64 hex digits>, as weir clusters create --artifact"
                        + " or POST /api/v1/artifacts answers)";
            }
            return sha256 == null || sha256.equalsIgnoreCase(stored) ? null : "artifactSha256: " + sha256
                    + " differs from the digest in artifact " + artifact + " (leave artifactSha256 out, or give the same digest)";
        }
        String where = locationProblem(artifact);
        if (where != null) {
            return where;
        }
        if (sha256 == null && requireSha256) {
            return "artifactSha256: missing for artifact " + artifact + " (expected: the jar's SHA-256, from sha256sum;"
                    + " or set " + REQUIRE_SHA_VARIABLE + "=false to run unverified artifacts)";
        }
        return null;
    }

    /**
     * The SHA-256 of an artifact the master stores ({@code master:<sha256>}, uploaded with {@code POST /api/v1/artifacts}),
     * in lower case; null for any other artifact. Such an artifact is always allowed: it is verified by its digest.
     */
    public static String storedDigest(String artifact) {
        if (artifact == null || !artifact.regionMatches(true, 0, MASTER_SCHEME, 0, MASTER_SCHEME.length())) {
            return null;
        }
        String hex = artifact.substring(MASTER_SCHEME.length());
        return SHA256.matcher(hex).matches() ? hex.toLowerCase(Locale.ROOT) : null;
    }

    /** What is wrong with fetching {@code url} (an artifact or a redirect target) under this policy's prefixes, or null. */
    public String locationProblem(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        boolean remote = lower.startsWith("http://") || lower.startsWith("https://");
        try {
            if (remote) {
                String normal = normalizeUrl(url);
                return allowedPrefixes.stream().anyMatch(p -> normal.regionMatches(true, 0, p, 0, p.length())) ? null : notAllowed(url);
            }
            Path path = localPath(url);
            if (path == null) {
                return "artifact " + url + ": unsupported scheme (expected: a path, file:, http: or https: URL)";
            }
            var local = allowedPrefixes.stream().filter(p -> p.regionMatches(true, 0, "file:", 0, 5)).toList();
            return local.isEmpty() || local.stream().anyMatch(p -> path.startsWith(Path.of(URI.create(p)))) ? null : notAllowed(url);
        } catch (IllegalArgumentException e) {
            return "artifact " + url + " is not a valid URL or path (expected: https://..., file:/... or /path/to/job.jar)";
        }
    }

    private String notAllowed(String url) {
        return "artifact " + url + " is not under an allowed prefix (" + PREFIXES_VARIABLE + " is "
                + (allowedPrefixes.isEmpty() ? "empty" : String.join(",", allowedPrefixes))
                + "): publish the jar under one of them, or add its location to " + PREFIXES_VARIABLE + " on the master and agents";
    }

    private static String normalizeUrl(String url) {
        if (ESCAPED_SEPARATORS.matcher(url).matches()) {
            throw new IllegalArgumentException("escaped separators");
        }
        var uri = URI.create(url).normalize();
        if (uri.getHost() == null || uri.getRawUserInfo() != null || (uri.getPath() != null && uri.getPath().contains(".."))) {
            throw new IllegalArgumentException("no host, user info or '..'");
        }
        return uri.toString();
    }

    /** A path or {@code file:} URL as a normalized absolute path; null for another scheme. */
    private static Path localPath(String artifact) {
        String lower = artifact.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            return Path.of(URI.create(artifact)).toAbsolutePath().normalize();
        }
        if (lower.matches("^[a-z][a-z0-9+.-]+:.*") && !lower.matches("^[a-z]:[\\\\/].*")) {
            return null;
        }
        return Path.of(artifact).toAbsolutePath().normalize();
    }
}
