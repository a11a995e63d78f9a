package io.weir.master.security;

import io.netty.handler.codec.http.HttpMethod;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which principal may make which call:
 * <ul>
 * <li>open: health, metrics and the web console's files;</li>
 * <li>agents' actions: the cluster secret (registration) or the agent's session; worker events: an agent's session or an
 *     admin; stored job artifacts: a read token or an agent's session;</li>
 * <li>discovery streams, a job's sink token, the service registry's reads and watches and a streaming service's worker
 *     assignments: a read token or any job's token (so a job may follow, find and call what it reads);</li>
 * <li>registering, heartbeating and deregistering service instances: a service token;</li>
 * <li>other reads: a read token; every other change: an admin token.</li>
 * </ul>
 */
public final class AccessPolicy {

    private static final Pattern ACTION = Pattern.compile("/api/v1/resourceClusters/([^/]+)/actions/([^/]+)");
    private static final Pattern JOB_STREAM = Pattern.compile("/(?:assignmentresults|api/v1/jobDiscoveryStream)/([^/]+)");
    private static final Pattern CLUSTER_STREAM = Pattern.compile("/(?:namedjobs|api/v1/lastSubmittedJobIdStream)/([^/]+)");
    private static final Pattern CONSOLE_FILE = Pattern.compile("/console/[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final String SERVICE_INSTANCES = "/api/v1/serviceInstances";
    private static final Pattern SINK_TOKEN = Pattern.compile("/api/v1/jobs/[^/]+/sinkToken");
    private static final Pattern ASSIGNMENT = Pattern.compile("/api/v1/jobClusters/[^/]+/assignments");
    private static final Pattern REGISTRY_READ = Pattern.compile("/api/v1/(?:serviceInstances(?:Stream)?(?:/[^/]+)?|services(?:/[^/]+)?"
            + "|pipeline/(?:topology|health)(?:Stream)?)");
    private static final Pattern ARTIFACT = Pattern.compile("/api/v1/artifacts/[^/]+");
    private static final String HOW = " (an admin or read token of this master: see docs/security.md; after weir up, "
            + "export WEIR_TOKEN=$(cat weir-data/secrets/admin.token))";

    /** Whether {@code path} is open to everyone: health, metrics and the web console's files (it asks for a token itself). */
    public static boolean open(HttpMethod method, String path) {
        return (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) && (path.equals("/healthz") || path.equals("/readyz") || path.equals("/metrics")
                || path.equals("/") || CONSOLE_FILE.matcher(path).matches());
    }

    /** Whether {@code path} is one agents call. */
    public static boolean agentCall(String path) {
        return ACTION.matcher(path).matches() || path.equals("/api/v1/workerEvents");
    }

    /** Null when {@code who} may call {@code method path}; else why not. {@code hadToken}: a credential was presented. */
    public Refusal check(HttpMethod method, String path, Principal who, boolean hadToken) {
        if (who instanceof Principal.Anyone || open(method, path)) {
            return null;
        }
        Matcher action = ACTION.matcher(path);
        if (action.matches() && method.equals(HttpMethod.POST)) {
            return agentAction(action.group(1), action.group(2), who, hadToken);
        }
        if (path.equals("/api/v1/workerEvents") && method.equals(HttpMethod.POST)) {
            if (who instanceof Principal.Agent) {
                return null;
            }
            return user(who, Role.ADMIN, hadToken, "worker events come from agents (their session credential) or an admin");
        }
        if (who instanceof Principal.Agent && method.equals(HttpMethod.GET) && ARTIFACT.matcher(path).matches()) {
            return null;
        }
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)
                || method.equals(HttpMethod.POST) && ASSIGNMENT.matcher(path).matches();
        if (read && who instanceof Principal.Job job) {
            return jobMayRead(path) ? null : new Refusal(403, "wrong_job",
                    "a job token reads only discovery streams (/assignmentresults/..., /namedjobs/...), jobs' sink tokens and the "
                            + "service registry");
        }
        return user(who, read ? Role.READ : serviceCall(path) ? Role.SERVICE : Role.ADMIN, hadToken, null);
    }

    /** Whether {@code path} is under {@code /api/v1/serviceInstances}, where services register themselves. */
    private static boolean serviceCall(String path) {
        return path.equals(SERVICE_INSTANCES) || path.startsWith(SERVICE_INSTANCES + "/");
    }

    private static boolean jobMayRead(String path) {
        return JOB_STREAM.matcher(path).matches() || CLUSTER_STREAM.matcher(path).matches() || SINK_TOKEN.matcher(path).matches()
                || REGISTRY_READ.matcher(path).matches() || ASSIGNMENT.matcher(path).matches();
    }

    private static Refusal agentAction(String cluster, String action, Principal who, boolean hadToken) {
        if (action.equals("registerTaskExecutor")) {
            if (who instanceof Principal.ClusterMember) {
                return null;
            }
            return new Refusal(401, hadToken ? "wrong_cluster_secret" : "missing_cluster_secret",
                    "registration needs the cluster secret: start the agent with WEIR_CLUSTER_SECRET_FILE pointing at the master's "
                            + "secret (<master data dir>/secrets/cluster-secret) or WEIR_CLUSTER_SECRET set to it");
        }
        if (who instanceof Principal.Agent agent) {
            return agent.cluster().equals(cluster) ? null : new Refusal(403, "wrong_cluster",
                    "this agent registered with resource cluster " + agent.cluster() + ", not " + cluster);
        }
        return new Refusal(401, hadToken ? "unknown_agent_session" : "missing_agent_session",
                "this call needs the session credential the master gave the agent when it registered: register again with the "
                        + "cluster secret");
    }

    private static Refusal user(Principal who, Role needed, boolean hadToken, String note) {
        if (who instanceof Principal.User user) {
            return user.role().covers(needed) ? null : new Refusal(403, "role_too_low", "the token of " + user.name()
                    + " has role " + user.role() + "; this call needs " + needed + " (use " + (needed == Role.READ ? "a read" : needed == Role.SERVICE
                    ? "a service or admin" : "an admin") + " token)");
        }
        if (who == null) {
            return hadToken
                    ? new Refusal(401, "unknown_token", "unknown token: this master has no such token" + HOW)
                    : new Refusal(401, "missing_token", "missing credential: send 'Authorization: Bearer <token>'" + HOW);
        }
        return new Refusal(403, "wrong_credential", (note != null ? note : "this call needs a " + needed + " token")
                + "; the credential presented is " + kind(who) + "'s");
    }

    private static String kind(Principal who) {
        return switch (who) {
            case Principal.Agent a -> "agent " + a.id();
            case Principal.Job j -> "job " + j.jobId();
            case Principal.ClusterMember c -> "the cluster secret holder";
            default -> "another principal";
        };
    }
}
