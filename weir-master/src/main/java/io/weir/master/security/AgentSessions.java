package io.weir.master.security;

import io.weir.core.security.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session credentials of registered agents: a random one per registration, replacing the agent's previous one, so
 * a superseded instance's credential stops working. Kept in memory: after a master restart agents register again.
 * Looked up by the SHA-256 of the credential, so lookup time reveals nothing about the credential. Thread-safe.
 */
public final class AgentSessions {

    private final Map<String, Principal.Agent> byDigest = new ConcurrentHashMap<>();
    private final Map<String, String> digestByAgent = new ConcurrentHashMap<>();

    /** A new credential for agent {@code id} of {@code cluster}; its earlier one, if any, no longer works. */
    public String open(String cluster, String id, String instanceId) {
        String credential = "was1." + SecretFiles.random();
        String digest = digest(credential);
        String key = cluster + "/" + id;
        synchronized (this) {
            String previous = digestByAgent.put(key, digest);
            if (previous != null) {
                byDigest.remove(previous);
            }
            byDigest.put(digest, new Principal.Agent(cluster, id, instanceId));
        }
        return credential;
    }

    /** Ends agent {@code id}'s session (it disconnected). */
    public synchronized void close(String cluster, String id) {
        String previous = digestByAgent.remove(cluster + "/" + id);
        if (previous != null) {
            byDigest.remove(previous);
        }
    }

    /** The agent whose credential {@code presented} is, or null. */
    Principal.Agent find(String presented) {
        return presented == null || !presented.startsWith("was1.") ? null : byDigest.get(digest(presented));
    }

    private static String digest(String credential) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
