package io.weir.core.model;

/** Whether a job runs until killed (Perpetual) or ends by itself (Transient). */
public enum DurationType {
    Perpetual,
    Transient
}
