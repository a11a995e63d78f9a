package io.weir.core.model;

/** The newest job of a job cluster, as published on {@code /namedjobs/{cluster}}. */
public record NamedJobInfo(String name, String jobId) {

    public static final String HEARTBEAT_NAME = "HB_NamedJob";

    public static NamedJobInfo heartbeat() {
        return new NamedJobInfo(HEARTBEAT_NAME, null);
    }

    public boolean isHeartbeat() {
        return HEARTBEAT_NAME.equals(name);
    }
}
