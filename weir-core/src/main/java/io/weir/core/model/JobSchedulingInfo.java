package io.weir.core.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.Map;

/**
 * A job's scheduling info as published on {@code /assignmentresults/{jobId}}: per stage, the workers that are Started.
 * A heartbeat has job id {@value #HEARTBEAT_JOB_ID} and null assignments; an ended job has empty assignments.
 */
public record JobSchedulingInfo(String jobId, Map<Integer, WorkerAssignments> workerAssignments) {

    public static final String HEARTBEAT_JOB_ID = "HB_JobId";

    public static JobSchedulingInfo heartbeat() {
        return new JobSchedulingInfo(HEARTBEAT_JOB_ID, null);
    }

    @JsonIgnore
    public boolean isHeartbeat() {
        return HEARTBEAT_JOB_ID.equals(jobId);
    }

    /** True for the final event of a job that has ended. */
    @JsonIgnore
    public boolean isJobEnded() {
        return !isHeartbeat() && workerAssignments != null && workerAssignments.isEmpty();
    }
}
