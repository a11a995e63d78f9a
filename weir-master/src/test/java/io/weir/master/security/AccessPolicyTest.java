package io.weir.master.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** The policy as a table: who may make which call. */
class AccessPolicyTest {

    private final AccessPolicy policy = new AccessPolicy();
    private final Principal admin = new Principal.User("a", Role.ADMIN);
    private final Principal reader = new Principal.User("r", Role.READ);
    private final Principal service = new Principal.User("s", Role.SERVICE);
    private final Principal agent = new Principal.Agent("default", "a1", "i1");
    private final Principal job = new Principal.Job("wc-3");
    private final Principal member = new Principal.ClusterMember();

    private Integer status(HttpMethod method, String path, Principal who) {
        var refusal = policy.check(method, path, who, who != null);
        return refusal == null ? null : refusal.status();
    }

    @Test
    void usersReadWithReadAndChangeWithAdmin() {
        assertThat(status(HttpMethod.GET, "/api/v1/jobs", reader)).isNull();
        assertThat(status(HttpMethod.POST, "/api/v1/jobClusters", reader)).isEqualTo(403);
        assertThat(status(HttpMethod.DELETE, "/api/v1/jobs/wc-3", admin)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/jobs", null)).isEqualTo(401);
        assertThat(status(HttpMethod.GET, "/healthz", null)).isNull();
        assertThat(status(HttpMethod.GET, "/metrics", null)).isNull();
        assertThat(status(HttpMethod.POST, "/healthz", null)).isEqualTo(401);
        assertThat(status(HttpMethod.GET, "/api/v1/jobs", new Principal.Anyone())).isNull();
    }

    @Test
    void agentsActWithTheirSessionAndRegisterWithTheSecret() {
        String actions = "/api/v1/resourceClusters/default/actions/";
        assertThat(status(HttpMethod.POST, actions + "registerTaskExecutor", member)).isNull();
        assertThat(status(HttpMethod.POST, actions + "registerTaskExecutor", admin)).isEqualTo(401);
        assertThat(status(HttpMethod.POST, actions + "registerTaskExecutor", agent)).isEqualTo(401);
        assertThat(status(HttpMethod.POST, actions + "heartBeatFromTaskExecutor", agent)).isNull();
        assertThat(status(HttpMethod.POST, actions + "heartBeatFromTaskExecutor", member)).isEqualTo(401);
        assertThat(status(HttpMethod.POST, "/api/v1/resourceClusters/gpu/actions/heartBeatFromTaskExecutor", agent)).isEqualTo(403);
        assertThat(status(HttpMethod.POST, "/api/v1/workerEvents", agent)).isNull();
        assertThat(status(HttpMethod.POST, "/api/v1/workerEvents", admin)).isNull();
        assertThat(status(HttpMethod.POST, "/api/v1/workerEvents", reader)).isEqualTo(403);
        assertThat(status(HttpMethod.POST, "/api/v1/workerEvents", job)).isEqualTo(403);
        assertThat(status(HttpMethod.GET, "/api/v1/jobs", agent)).isEqualTo(403);
        assertThat(status(HttpMethod.GET, "/api/v1/artifacts/" + "a".repeat(64), agent)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/artifacts/" + "a".repeat(64), job)).isEqualTo(403);
        assertThat(status(HttpMethod.POST, "/api/v1/artifacts", agent)).isEqualTo(403);
        assertThat(status(HttpMethod.POST, "/api/v1/artifacts", admin)).isNull();
        assertThat(status(HttpMethod.POST, "/api/v1/jobClusters", member)).isEqualTo(403);
    }

    @Test
    void aJobTokenReadsAnyJobsDiscoveryAndSinkTokenAndNothingElse() {
        assertThat(status(HttpMethod.GET, "/assignmentresults/wc-3", job)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/jobDiscoveryStream/wc-3", job)).isNull();
        assertThat(status(HttpMethod.GET, "/namedjobs/wc", job)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/lastSubmittedJobIdStream/wc", job)).isNull();
        assertThat(status(HttpMethod.GET, "/assignmentresults/other-4", job)).isNull();
        assertThat(status(HttpMethod.GET, "/namedjobs/other", job)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/jobs/other-4/sinkToken", job)).isNull();
        assertThat(status(HttpMethod.POST, "/api/v1/jobs/other-4/sinkToken", job)).isEqualTo(403);
        assertThat(status(HttpMethod.GET, "/api/v1/jobs/other-4", job)).isEqualTo(403);
        assertThat(status(HttpMethod.GET, "/api/v1/serviceInstancesStream", job)).as("a job may find services").isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/serviceInstances/enricher-1", job)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/services/enricher", job)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/pipeline/healthStream", job)).isNull();
        assertThat(status(HttpMethod.POST, "/api/v1/serviceInstances", job)).as("but not register").isEqualTo(403);
        assertThat(status(HttpMethod.GET, "/api/v1/serviceInstances/enricher-1/heartbeat", job)).isEqualTo(403);
        assertThat(status(HttpMethod.GET, "/api/v1/jobs/wc-3", job)).isEqualTo(403);
        assertThat(status(HttpMethod.DELETE, "/api/v1/jobs/wc-3", job)).isEqualTo(403);
    }

    @Test
    void servicesRegisterWithAServiceTokenWhichAlsoReadsButChangesNothingElse() {
        String instances = "/api/v1/serviceInstances";
        assertThat(status(HttpMethod.POST, instances, service)).isNull();
        assertThat(status(HttpMethod.PUT, instances + "/enricher-1/heartbeat", service)).isNull();
        assertThat(status(HttpMethod.DELETE, instances + "/enricher-1", service)).isNull();
        assertThat(status(HttpMethod.POST, instances, admin)).isNull();
        assertThat(status(HttpMethod.POST, instances, reader)).isEqualTo(403);
        assertThat(status(HttpMethod.PUT, instances + "/enricher-1/heartbeat", reader)).isEqualTo(403);
        assertThat(status(HttpMethod.POST, instances, job)).isEqualTo(403);
        assertThat(status(HttpMethod.POST, instances, null)).isEqualTo(401);
        assertThat(policy.check(HttpMethod.POST, instances, reader, true).message())
                .isEqualTo("the token of r has role read; this call needs service (use a service or admin token)");

        assertThat(status(HttpMethod.GET, instances, service)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/serviceInstancesStream", reader)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/pipeline/healthStream", reader)).isNull();
        assertThat(status(HttpMethod.GET, "/api/v1/services", job)).as("a job reads the registry").isNull();
        assertThat(status(HttpMethod.POST, "/api/v1/serviceInstancesStream", service)).as("only the instances are the services'").isEqualTo(403);
        assertThat(status(HttpMethod.POST, "/api/v1/jobClusters", service)).isEqualTo(403);
        assertThat(status(HttpMethod.DELETE, "/api/v1/jobs/wc-3", service)).isEqualTo(403);
        assertThat(Role.ADMIN.covers(Role.SERVICE) && Role.SERVICE.covers(Role.READ) && !Role.READ.covers(Role.SERVICE)).isTrue();
    }
}
