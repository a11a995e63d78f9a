package io.weir.runtime.service;

/** What a service job can do to its own worker: change its availability, or fail it (the agent then reports it failed). */
public interface ServiceControl {

    /** The worker's availability, shared by all its sessions. */
    ServiceAvailability availability();

    /** Ends the worker with a failure: running sessions fail with {@code UNAVAILABLE}, the worker's completion fails. */
    void fail(String reason);
}
