package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** The newest job of a job cluster, as published on {@code /namedjobs/{cluster}}. */
public record NamedJobInfo(String name, String jobId) {

    public static final String HEARTBEAT_NAME = "HB_NamedJob";

    public static NamedJobInfo heartbeat() {
        return new NamedJobInfo(HEARTBEAT_NAME, null);
    }

    @JsonIgnore
    public boolean isHeartbeat() {
        return HEARTBEAT_NAME.equals(name);
    }
}
