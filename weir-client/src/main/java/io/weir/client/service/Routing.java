package io.weir.client.service;

/** Who chooses the worker of a session. */
public enum Routing {
    /** The master's director: the least loaded available worker, from the loads workers report (the default). */
    DIRECTOR,
    /** This client, from discovery ({@code /namedjobs}, {@code /assignmentresults}): the Started workers in turn. */
    ROUND_ROBIN,
    /**
     * This client, from discovery: the Started worker serving the fewest of this client's sessions, in turn among
     * equals. It knows no other client's sessions; with many clients, {@link #DIRECTOR} balances better.
     */
    LEAST_LOADED
}
