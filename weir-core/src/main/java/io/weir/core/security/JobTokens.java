package io.weir.core.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Per-job tokens derived from the cluster secret: {@code wj1.<jobId>.<HMAC-SHA256(secret, jobId)>}. The master hands a
 * job's token to its workers with each assignment; a worker accepts data-plane OPENs only with its own job's token, and
 * the master can check any token without storing it. Thread-safe.
 */
public final class JobTokens {

    private static final String PREFIX = "wj1.";
    private static final String SINK_PREFIX = "ws1.";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** Tokens keyed by {@code secret} (at least 16 bytes). */
    public JobTokens(byte[] secret) {
        if (secret == null || secret.length < 16) {
            throw new IllegalArgumentException("cluster secret: too short (expected: at least 16 bytes)");
        }
        this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
    }

    /** The token of job {@code jobId}. */
    public String tokenFor(String jobId) {
        return PREFIX + jobId + "." + mac(jobId);
    }

    /** The job a well-formed, correctly signed token belongs to, or null. Constant-time in the signature. */
    public String jobOf(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return null;
        }
        int dot = token.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return null;
        }
        String jobId = token.substring(PREFIX.length(), dot);
        byte[] expected = mac(jobId).getBytes(StandardCharsets.US_ASCII);
        byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? jobId : null;
    }

    /**
     * The read token of job {@code jobToken}'s sinks: {@code ws1.<jobId>.<base64url(HMAC-SHA256(key = jobToken, "weir-sink"))>}.
     * A worker and the master both compute it from the job token, without the cluster secret; it grants reading the
     * job's sinks and nothing else (the job token cannot be derived from it).
     */
    public static String sinkToken(String jobToken) {
        if (jobToken == null || !jobToken.startsWith(PREFIX) || jobToken.lastIndexOf('.') <= PREFIX.length()) {
            throw new IllegalArgumentException("jobToken: not a job token (expected: " + PREFIX + "<jobId>.<signature>)");
        }
        String jobId = jobToken.substring(PREFIX.length(), jobToken.lastIndexOf('.'));
        return SINK_PREFIX + jobId + "." + hmac(new SecretKeySpec(jobToken.getBytes(StandardCharsets.UTF_8), ALGORITHM), "weir-sink");
    }

    /** Whether two tokens are equal, in time independent of where they differ; false when either is null. */
    public static boolean same(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private String mac(String jobId) {
        return hmac(key, "weir-job:" + jobId);
    }

    private static String hmac(SecretKeySpec key, String message) {
        try {
            var mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] sig = mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
