package io.weir.master.security;

/** Who presented a credential: a user token, an agent's session, the cluster secret, or a job's token. */
public sealed interface Principal {

    /** A token of {@code WEIR_TOKENS_FILE}, {@code WEIR_ADMIN_TOKEN} or {@code WEIR_READ_TOKEN}. */
    record User(String name, Role role) implements Principal {
    }

    /** An agent that registered and got a session credential. */
    record Agent(String cluster, String id, String instanceId) implements Principal {
    }

    /** A holder of the cluster secret: may register agents. */
    record ClusterMember() implements Principal {
    }

    /** A worker of job {@code jobId}, with the job's token: may follow its discovery. */
    record Job(String jobId) implements Principal {
    }

    /** Everyone, when authentication is off ({@code WEIR_AUTH=off}). */
    record Anyone() implements Principal {
    }
}
