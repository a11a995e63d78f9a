package io.weir.master.security;

import io.weir.core.security.SecretFiles;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session credentials of registered agents: a random one per registration, replacing that agent instance's previous
 * one. The sessions of an id's last {@value #INSTANCES_PER_AGENT} instances stay valid, so a superseded instance is still
 * recognised and told (409) that another took its id over. Kept in memory: after a master restart agents register
 * again. Looked up by the credential's SHA-256, so lookup time reveals nothing about the credential. Thread-safe.
 */
public final class AgentSessions {

    static final int INSTANCES_PER_AGENT = 4;

    private final Map<String, Principal.Agent> byDigest = new ConcurrentHashMap<>();
    private final Map<String, Deque<String>> digestsByAgent = new HashMap<>();
    private final Map<String, String> digestByInstance = new HashMap<>();

    /** A new credential for instance {@code instanceId} of agent {@code id} of {@code cluster}. */
    public String open(String cluster, String id, String instanceId) {
        String credential = "was1." + SecretFiles.random();
        String digest = digest(credential);
        String agent = cluster + "/" + id;
        synchronized (this) {
            String previous = digestByInstance.put(agent + "/" + instanceId, digest);
            var digests = digestsByAgent.computeIfAbsent(agent, k -> new ArrayDeque<>());
            if (previous != null) {
                digests.remove(previous);
                byDigest.remove(previous);
            }
            digests.addLast(digest);
            byDigest.put(digest, new Principal.Agent(cluster, id, instanceId));
            while (digests.size() > INSTANCES_PER_AGENT) {
                var evicted = byDigest.remove(digests.removeFirst());
                digestByInstance.remove(agent + "/" + evicted.instanceId());
            }
        }
        return credential;
    }

    /** Ends every session of agent {@code id} (it disconnected). */
    public synchronized void close(String cluster, String id) {
        var digests = digestsByAgent.remove(cluster + "/" + id);
        if (digests != null) {
            for (String d : digests) {
                var agent = byDigest.remove(d);
                digestByInstance.remove(cluster + "/" + id + "/" + agent.instanceId());
            }
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
