package io.weir.master.scheduler;

/** Why workers are requested; placement order is REPLACE, then SCALE, then NEW_JOB. */
public enum ReservationType {
    REPLACE,
    SCALE,
    NEW_JOB
}
