package io.weir.core.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret a master and its agents share. Agents register by presenting it; the master calls agents with
 * {@link #agentKey()}, a key derived from it, so a captured agent-API header cannot register an agent. Thread-safe.
 */
public final class ClusterSecret {

    /** The shortest secret accepted, in bytes. */
    public static final int MIN_BYTES = 16;

    private final String value;
    private final String agentKey;

    private ClusterSecret(String value) {
        this.value = value;
        this.agentKey = derive("weir-master-to-agent");
    }

    /** The secret {@code value} (its UTF-8 bytes, at least {@value #MIN_BYTES}); {@code source} names it in errors. */
    public static ClusterSecret of(String value, String source) {
        String v = value == null ? "" : value.strip();
        if (v.getBytes(StandardCharsets.UTF_8).length < MIN_BYTES) {
            throw new IllegalArgumentException(source + ": the cluster secret is shorter than " + MIN_BYTES
                    + " bytes (generate one with: head -c 32 /dev/urandom | base64)");
        }
        return new ClusterSecret(v);
    }

    /** Whether {@code presented} is this secret, in time independent of where they differ. */
    public boolean matches(String presented) {
        return JobTokens.same(value, presented);
    }

    /** The secret itself, as agents present it when they register. */
    public String value() {
        return value;
    }

    /** What the master presents to agents: HMAC-SHA256 of a fixed label under the secret. */
    public String agentKey() {
        return agentKey;
    }

    /** Whether {@code presented} is {@link #agentKey()}, in constant time. */
    public boolean matchesAgentKey(String presented) {
        return JobTokens.same(agentKey, presented);
    }

    /** Per-job tokens keyed by this secret. */
    public JobTokens jobTokens() {
        return new JobTokens(value.getBytes(StandardCharsets.UTF_8));
    }

    private String derive(String label) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "wa1." + Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(label.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ClusterSecret[hidden]";
    }
}
